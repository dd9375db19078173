import { DEFAULT_DEFINITION } from '../domain/default-definition';
import { leadIdForEmail, type EmployeeBand, type Industry, type Lead, type SourceChannel } from '../domain/lead';
import type { Touch, TouchType } from '../domain/touch';
import type { Handoff, Outcome } from '../domain/handoff';
import { slaDueAt } from '../domain/lifecycle';

/**
 * A deterministic workspace for the demo, the end-to-end tests and the benchmarks: the same
 * seed always gives the same leads, touches, handoffs and outcomes. Half the people have
 * Japanese names and companies, half English; sources, campaigns and vendors differ in
 * quality so the joint review has a story to tell (the purchased list gets rejected more).
 * Handoffs still pending were made recently, like a team that keeps up: most are within their SLA,
 * a few just past it.
 */

export interface GenerateOptions {
  seed?: number;
  leads: number;
  /** Average touches per lead (the actual count varies per lead). */
  touchesPerLead: number;
  /** How many leads get a handoff. */
  handoffs: number;
  /** The generated history ends here. */
  now: string;
  marketerIds: readonly string[];
  repIds: readonly string[];
  /** Lead emails are made unique per index; a domain suffix keeps demo data recognisable. */
  days?: number;
}

export interface GeneratedWorkspace {
  leads: Lead[];
  touches: Touch[];
  handoffs: Handoff[];
  outcomes: Outcome[];
}

/** mulberry32: tiny, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JA_FAMILY: Array<[string, string]> = [
  ['佐藤', 'sato'], ['鈴木', 'suzuki'], ['高橋', 'takahashi'], ['田中', 'tanaka'], ['伊藤', 'ito'], ['渡辺', 'watanabe'],
  ['山本', 'yamamoto'], ['中村', 'nakamura'], ['小林', 'kobayashi'], ['加藤', 'kato'], ['吉田', 'yoshida'], ['山田', 'yamada'],
];
const JA_GIVEN: Array<[string, string]> = [
  ['太郎', 'taro'], ['花子', 'hanako'], ['翔太', 'shota'], ['美咲', 'misaki'], ['健一', 'kenichi'], ['陽子', 'yoko'],
  ['大輔', 'daisuke'], ['直美', 'naomi'], ['拓也', 'takuya'], ['由美', 'yumi'],
];
const EN_FAMILY = ['Smith', 'Johnson', 'Brown', 'Taylor', 'Miller', 'Wilson', 'Moore', 'Clark', 'Lee', 'Walker'];
const EN_GIVEN = ['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'James', 'Mia', 'Lucas', 'Grace', 'Ethan'];
const JA_COMPANIES: Array<[string, string]> = [
  ['株式会社アクメ', 'acme.co.jp'], ['山田製作所株式会社', 'yamada-mfg.co.jp'], ['東京データ株式会社', 'tokyo-data.co.jp'],
  ['さくら商事株式会社', 'sakura-shoji.co.jp'], ['みなと物流株式会社', 'minato-logi.co.jp'], ['北斗システム株式会社', 'hokuto-sys.co.jp'],
  ['大阪精機株式会社', 'osaka-seiki.co.jp'], ['青葉銀行', 'aoba-bank.co.jp'],
];
const EN_COMPANIES: Array<[string, string]> = [
  ['Northwind Traders', 'northwind.example'], ['Contoso Ltd', 'contoso.example'], ['Fabrikam Inc', 'fabrikam.example'],
  ['Globex Corp', 'globex.example'], ['Initech', 'initech.example'], ['Umbrella Health', 'umbrella.example'],
];
const JA_TITLES = ['情報システム部 部長', '営業企画課 課長', '代表取締役社長', 'DX推進室 室長', 'マーケティング部 主任', '総務部 担当', '学生'];
const EN_TITLES = ['Head of IT', 'Sales Director', 'CEO', 'Marketing Manager', 'Analyst', 'Operations Coordinator', 'Student'];
const JA_REGIONS = ['東京都', '大阪府', '愛知県', '神奈川県', '福岡県', '北海道'];
const INDUSTRIES: Industry[] = ['software', 'it_services', 'manufacturing', 'finance', 'retail', 'logistics', 'healthcare', 'education'];
const BANDS: EmployeeBand[] = ['1-9', '10-49', '50-99', '100-299', '300-999', '1000-4999', '5000+'];

interface SourcePlan {
  channel: SourceChannel;
  campaign: string;
  vendor?: string;
  weight: number;
  /** How good the leads are: raises fit and engagement, lowers rejection. */
  quality: number;
  touchTypes: TouchType[];
}

const SOURCES: SourcePlan[] = [
  { channel: 'webinar', campaign: '2026-Q1 DXウェビナー', weight: 20, quality: 0.8, touchTypes: ['webinar_registered', 'webinar_attended', 'email_open', 'email_click', 'web_visit'] },
  { channel: 'web_form', campaign: '資料請求LP', weight: 18, quality: 0.7, touchTypes: ['form_submit', 'content_download', 'web_visit', 'email_open'] },
  { channel: 'exhibition', campaign: 'Japan IT Week 2026', vendor: 'RX Japan', weight: 15, quality: 0.5, touchTypes: ['exhibition_booth', 'email_open', 'web_visit'] },
  { channel: 'seminar', campaign: '製造業向けセミナー大阪', weight: 10, quality: 0.75, touchTypes: ['seminar_attended', 'email_open', 'email_click'] },
  { channel: 'purchased_list', campaign: '2026 企業リスト', vendor: 'ListVendor A', weight: 12, quality: 0.2, touchTypes: ['list_import', 'email_open'] },
  { channel: 'outsourced_list', campaign: 'テレアポ代行 3月', vendor: 'CallPro B', weight: 10, quality: 0.35, touchTypes: ['list_import', 'call', 'email_open'] },
  { channel: 'inbound_email', campaign: 'Inbound', weight: 8, quality: 0.9, touchTypes: ['inbound_email', 'web_visit'] },
  { channel: 'ad', campaign: 'Search ads — CRM', vendor: 'AdNetwork', weight: 7, quality: 0.45, touchTypes: ['ad_click', 'web_visit', 'form_submit'] },
];
const TOTAL_WEIGHT = SOURCES.reduce((n, s) => n + s.weight, 0);

const DAY = 86_400_000;

export function generateWorkspace(options: GenerateOptions): GeneratedWorkspace {
  const rand = prng(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const nowMs = Date.parse(options.now);
  const days = options.days ?? 120;
  const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();

  const leads: Lead[] = [];
  const touches: Touch[] = [];
  const handoffs: Handoff[] = [];
  const outcomes: Outcome[] = [];
  const qualityOf = new Map<string, number>();

  for (let i = 0; i < options.leads; i++) {
    let w = rand() * TOTAL_WEIGHT;
    const source = SOURCES.find((s) => (w -= s.weight) < 0) ?? SOURCES[0]!;
    const japanese = rand() < 0.6;
    const good = rand() < source.quality;
    const [companyName, domain] = japanese ? pick(JA_COMPANIES) : pick(EN_COMPANIES);
    let name: Lead['name'];
    let local: string;
    if (japanese) {
      const [family, familyRomaji] = pick(JA_FAMILY);
      const [given, givenRomaji] = pick(JA_GIVEN);
      name = { family, given };
      local = `${givenRomaji}.${familyRomaji}`;
    } else {
      const family = pick(EN_FAMILY);
      const given = pick(EN_GIVEN);
      name = { family, given };
      local = `${given}.${family}`.toLowerCase();
    }
    // Poor-quality sources bring free-mail addresses and students.
    const freeMail = !good && rand() < 0.4;
    const email = `${local}${i}@${freeMail ? (japanese ? 'yahoo.co.jp' : 'gmail.com') : domain}`;
    const createdMs = nowMs - Math.floor(rand() * days * DAY);
    const titles = japanese ? JA_TITLES : EN_TITLES;
    const title = good ? titles[Math.floor(rand() * 4)]! : titles[4 + Math.floor(rand() * 3)]!;
    const lead: Lead = {
      id: leadIdForEmail(email),
      email,
      name,
      company: companyName,
      title,
      firmographics: {
        industry: good ? pick(INDUSTRIES.slice(0, 4)) : pick(INDUSTRIES),
        employeeBand: good ? pick(BANDS.slice(3)) : pick(BANDS.slice(0, 4)),
        country: japanese ? 'JP' : pick(['US', 'GB', 'SG']),
        ...(japanese ? { region: pick(JA_REGIONS) } : {}),
      },
      source: { channel: source.channel, campaign: source.campaign, ...(source.vendor ? { vendor: source.vendor } : {}) },
      stage: 'inquiry',
      crmLinks: [],
      createdAt: iso(createdMs),
      updatedAt: iso(createdMs),
    };
    leads.push(lead);
    qualityOf.set(lead.id, good ? source.quality : source.quality / 3);

    const count = Math.max(1, Math.round(options.touchesPerLead * (good ? 1.4 : 0.6) * (0.5 + rand())));
    for (let t = 0; t < count; t++) {
      const at = createdMs + Math.floor(rand() * Math.max(1, nowMs - createdMs));
      touches.push({
        id: `tch_${i}_${t}`,
        leadId: lead.id,
        type: t === 0 ? source.touchTypes[0]! : pick(source.touchTypes),
        occurredAt: iso(at),
        campaign: source.campaign,
        detail: pick(['/pricing', '/case-studies/manufacturing', 'DX推進ガイド.pdf', '導入事例集', 'Webinar: CRM 101', '/contact']),
        origin: 'demo',
        externalId: `demo-${i}-${t}`,
      });
    }
  }

  // Marketing mostly hands over the better-looking leads, but not only those: a list bought in
  // bulk gets sent too, and that is what the joint review must be able to show.
  const priority = new Map(leads.map((l) => [l.id, qualityOf.get(l.id)! + rand() * 0.8]));
  const candidates = [...leads].sort((a, b) => priority.get(b.id)! - priority.get(a.id)! || a.id.localeCompare(b.id)).slice(0, options.handoffs);
  const stage = DEFAULT_DEFINITION.stages[0]!;
  const reasons = DEFAULT_DEFINITION.rejectionReasons.map((r) => r.code);
  // Its own stream, so re-timing pending handoffs leaves every other generated value as it was.
  const pendingRand = prng((options.seed ?? 42) ^ 0x9e3779b9);
  candidates.forEach((lead, n) => {
    const quality = qualityOf.get(lead.id)!;
    const createdMs = Math.max(Date.parse(lead.createdAt) + DAY, nowMs - Math.floor(rand() * 60 * DAY));
    let createdAt = iso(Math.min(createdMs, nowMs - 3_600_000));
    const routingMs = Math.floor(rand() * 2 * 3_600_000);
    let assignedAt = iso(Date.parse(createdAt) + routingMs);
    const toUserId = options.repIds[n % options.repIds.length]!;
    const fromUserId = options.marketerIds[n % options.marketerIds.length]!;
    const ageMs = nowMs - Date.parse(assignedAt);
    const decideMs = Math.floor((0.2 + rand() * (quality > 0.5 ? 8 : 40)) * 3_600_000);
    const decided = decideMs < ageMs && rand() < 0.85;
    if (!decided) {
      // A working team decides within days: what still waits was handed over recently.
      const recent = recentPendingTiming(nowMs, Date.parse(lead.createdAt), routingMs, pendingRand, stage, DEFAULT_DEFINITION.calendar);
      ({ createdAt, assignedAt } = recent);
    }
    const checklist = Object.fromEntries(
      stage.checklist.filter((item) => item.required || rand() < quality).map((item) => [item.id, { checked: true, by: fromUserId, at: createdAt }]),
    );
    const handoff: Handoff = {
      id: `hof_${n}`,
      leadId: lead.id,
      stageId: stage.id,
      definitionVersion: DEFAULT_DEFINITION.version,
      fromUserId,
      toUserId,
      checklist,
      status: 'pending',
      createdAt,
      assignedAt,
      dueAt: slaDueAt(assignedAt, stage, DEFAULT_DEFINITION.calendar),
      updatedAt: createdAt,
    };
    lead.stage = 'mql';
    lead.mqlAt = createdAt;
    if (decided) {
      const at = iso(Date.parse(assignedAt) + decideMs);
      const accept = rand() < quality + 0.1;
      const recycle = !accept && rand() < 0.2;
      handoff.status = accept ? 'accepted' : recycle ? 'recycled' : 'rejected';
      handoff.decision = accept
        ? { kind: 'accept', by: toUserId, at }
        : recycle
          ? { kind: 'recycle', by: toUserId, at }
          : { kind: 'reject', reasonCode: quality < 0.3 ? pick(['poor_fit', 'bad_contact_data', 'competitor_or_student', 'no_budget']) : pick(reasons), by: toUserId, at };
      handoff.updatedAt = at;
      lead.stage = accept ? 'sal' : recycle ? 'recycled' : 'mql';
      if (accept) {
        lead.ownerId = toUserId;
        addOutcomes(lead, handoff, Date.parse(at), quality);
      }
    }
    handoffs.push(handoff);
  });

  function addOutcomes(lead: Lead, handoff: Handoff, fromMs: number, quality: number) {
    let at = fromMs;
    const step = (kind: Outcome['kind'], extra: Partial<Outcome> = {}) => {
      at = Math.min(nowMs, at + Math.floor(rand() * 7 * DAY));
      outcomes.push({ id: `out_${outcomes.length}`, leadId: lead.id, handoffId: handoff.id, kind, occurredAt: iso(at), recordedBy: handoff.toUserId!, ...extra });
    };
    step('contacted');
    if (rand() > quality + 0.2) return;
    step('meeting');
    lead.stage = 'sql';
    if (rand() > quality + 0.1) return;
    const amount = { value: Math.round((500_000 + rand() * 19_500_000) / 10_000) * 10_000, currency: 'JPY' };
    step('opportunity', { amount });
    lead.stage = 'opportunity';
    const r = rand();
    if (r < quality * 0.5) {
      step('won', { amount });
      lead.stage = 'won';
    } else if (r < quality * 0.5 + 0.25) {
      step('lost', { lostReason: pick(['価格', 'Competitor chosen', 'タイミング', 'No decision']) });
      lead.stage = 'lost';
    }
  }

  return { leads, touches, handoffs, outcomes };
}

/** Share of pending handoffs that are just past their SLA (the rest are within it). */
const JUST_OVERDUE_SHARE = 0.15;

/**
 * When a still-pending handoff was created and assigned: most within their SLA (assigned up to 90%
 * of the SLA hours ago, which business hours can only stretch), a few just overdue (their due time
 * the latest one at least ½–6 h before now; on a weekend that is the last working day's end).
 */
function recentPendingTiming(
  nowMs: number,
  leadCreatedMs: number,
  routingMs: number,
  rand: () => number,
  stage: (typeof DEFAULT_DEFINITION.stages)[number],
  calendar: typeof DEFAULT_DEFINITION.calendar,
): { createdAt: string; assignedAt: string } {
  const HOUR = 3_600_000;
  const overdue = rand() < JUST_OVERDUE_SHARE;
  const within = rand();
  const lateBy = rand();
  let assignedMs: number;
  if (!overdue) assignedMs = nowMs - Math.floor((0.05 + within * 0.85) * stage.slaHours * HOUR);
  else {
    // The latest assignment whose due time is `target` or earlier (due times only grow with it).
    const target = nowMs - Math.floor((0.5 + lateBy * 5.5) * HOUR);
    let lo = nowMs - 30 * DAY;
    let hi = target;
    while (hi - lo > 60_000) {
      const mid = Math.floor((lo + hi) / 2);
      if (Date.parse(slaDueAt(new Date(mid).toISOString(), stage, calendar)) <= target) lo = mid;
      else hi = mid;
    }
    assignedMs = lo;
  }
  // Never before the lead itself existed.
  const createdMs = Math.max(assignedMs - routingMs, leadCreatedMs);
  const second = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();
  return { createdAt: second(createdMs), assignedAt: second(Math.max(assignedMs, createdMs)) };
}
