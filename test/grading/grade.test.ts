import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gradeLead, type GradeResult } from '../../lib/grading';
import { DEFAULT_DEFINITION, EmployeeBand, Industry, LeadDefinition, TouchType, type FitRule, type TouchType as TouchTypeT } from '../../lib/domain';

type GradedLead = Parameters<typeof gradeLead>[0];
type GradedTouch = Parameters<typeof gradeLead>[1][number];

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-02T00:00:00.000Z');
const HALF_LIFE = DEFAULT_DEFINITION.engagement.halfLifeDays * DAY;

const ago = (days: number) => new Date(NOW - days * DAY).toISOString();
const lead = (patch: Partial<GradedLead> = {}): GradedLead => ({ email: 'taro@acme.co.jp', firmographics: {}, ...patch });
const touch = (type: TouchTypeT, daysAgo = 0): GradedTouch => ({ type, occurredAt: ago(daysAgo) });
const times = (n: number, type: TouchTypeT, daysAgo = 0) => Array.from({ length: n }, () => touch(type, daysAgo));

const en = (r: GradeResult) => r.reasons.map((x) => x.text.en);
const ja = (r: GradeResult) => r.reasons.map((x) => x.text.ja);
const fitRuleIds = (r: GradeResult) => r.reasons.filter((x) => x.kind === 'fit').map((x) => x.ruleId);
const sumEffects = (r: GradeResult, kind: 'fit' | 'engagement') => r.reasons.filter((x) => x.kind === kind).reduce((s, x) => s + x.effect, 0);

/** A definition built inline from the default, checked by the real schema. */
function definition(mutate: (d: LeadDefinition) => void): LeadDefinition {
  const d = structuredClone(DEFAULT_DEFINITION);
  mutate(d);
  return LeadDefinition.parse(d);
}

interface Case {
  name: string;
  lead: GradedLead;
  touches: GradedTouch[];
  grade: GradeResult['grade'];
  fitPoints: number;
  engagementPoints: number;
  score: number;
  mqlReady: boolean;
  en: string[];
  ja: string[];
}

// Points hand-computed from DEFAULT_DEFINITION (fit A ≥ 60, B ≥ 40, C ≥ 20; engagement 2 ≥ 10, 3 ≥ 25, 4 ≥ 50; half-life 30 days).
const CASES: Case[] = [
  {
    name: 'enterprise manufacturer, 部長 in 情報システム部: 20 + 30 + 15 + 10 + 10 = 85 → A; 12 + 10 + 3 = 25 → 3 (at the threshold)',
    lead: lead({ title: '情報システム部 部長', department: '情報システム部', firmographics: { industry: 'manufacturing', employeeBand: '1000-4999', country: 'JP' } }),
    touches: [touch('webinar_attended'), touch('form_submit'), ...times(3, 'email_open')],
    grade: 'A3',
    fitPoints: 85,
    engagementPoints: 25,
    score: 110,
    mqlReady: true,
    en: [
      'Target industry: +20 pts',
      '1,000+ employees: +30 pts',
      'Manager or director title: +15 pts',
      'IT, sales or marketing department: +10 pts',
      'Based in Japan: +10 pts',
      'Fit 85 pts → A (A ≥ 60, B ≥ 40, C ≥ 20)',
      'Webinar attended ×1: +12 pts (12 before decay)',
      'Form submitted ×1: +10 pts (10 before decay)',
      'Email opened ×3: +3 pts (3 before decay)',
      'Engagement 25 pts → 3 (half-life 30 days; 2 ≥ 10, 3 ≥ 25, 4 ≥ 50)',
      'Meets the MQL threshold (fit B or better and engagement 2+)',
    ],
    ja: [
      '重点業種: +20点',
      '従業員1,000名以上: +30点',
      '部長・課長・マネージャー: +15点',
      '情報システム・営業・マーケティング部門: +10点',
      '国内企業: +10点',
      '適合度 85点 → A（A ≥ 60、B ≥ 40、C ≥ 20）',
      'ウェビナー参加 ×1: +12点（減衰前 12点）',
      'メール開封 ×3: +3点（減衰前 3点）',
      '関与度 25点 → 3（半減期 30日、2 ≥ 10、3 ≥ 25、4 ≥ 50）',
      'MQL基準を満たす（適合度 B 以上かつ関与度 2 以上）',
    ],
  },
  {
    name: 'free-mail student: -20 - 30 = -50 → D; 2 → 1',
    lead: lead({ email: 'taro@gmail.com', title: '学生' }),
    touches: [touch('web_visit')],
    grade: 'D1',
    fitPoints: -50,
    engagementPoints: 2,
    score: -48,
    mqlReady: false,
    en: ['Free email address: -20 pts', 'Student or intern: -30 pts', 'Fit -50 pts → D (A ≥ 60, B ≥ 40, C ≥ 20)', 'Below the MQL threshold (fit D below B, engagement 1 below 2)'],
    ja: ['フリーメール: -20点', '学生・インターン: -30点', '適合度 -50点 → D（A ≥ 60、B ≥ 40、C ≥ 20）', 'MQL基準に未達（適合度 D < B、関与度 1 < 2）'],
  },
  {
    name: 'US software marketing manager with aged touches: 20 + 25 + 15 + 10 = 70 → A; 6 + 2 + 4 = 12 → 2',
    lead: lead({ email: 'jane@example.com', title: 'Senior Marketing MANAGER', department: 'marketing', firmographics: { industry: 'software', employeeBand: '100-299', country: 'US' } }),
    touches: [touch('webinar_attended', 30), touch('content_download', 60), ...times(2, 'web_visit')],
    grade: 'A2',
    fitPoints: 70,
    engagementPoints: 12,
    score: 82,
    mqlReady: true,
    en: ['100–999 employees: +25 pts', 'Webinar attended ×1: +6 pts (12 before decay)', 'Content downloaded ×1: +2 pts (8 before decay)', 'Web visit ×2: +4 pts (4 before decay)'],
    ja: ['従業員100〜999名: +25点', 'ウェビナー参加 ×1: +6点（減衰前 12点）', '資料ダウンロード ×1: +2点（減衰前 8点）', 'Web訪問 ×2: +4点（減衰前 4点）'],
  },
  {
    name: 'exactly at minFit and minEngagement: 20 + 10 + 10 = 40 → B; 10 → 2',
    lead: lead({ firmographics: { industry: 'finance', employeeBand: '50-99', country: 'JP' } }),
    touches: [touch('form_submit')],
    grade: 'B2',
    fitPoints: 40,
    engagementPoints: 10,
    score: 50,
    mqlReady: true,
    en: ['50–99 employees: +10 pts', 'Fit 40 pts → B (A ≥ 60, B ≥ 40, C ≥ 20)', 'Engagement 10 pts → 2 (half-life 30 days; 2 ≥ 10, 3 ≥ 25, 4 ≥ 50)', 'Meets the MQL threshold (fit B or better and engagement 2+)'],
    ja: ['従業員50〜99名: +10点', 'MQL基準を満たす（適合度 B 以上かつ関与度 2 以上）'],
  },
  {
    name: 'engagement just under the threshold: 10 × 0.5^(1/30) = 9.77 → 9.8 → 1',
    lead: lead({ firmographics: { industry: 'finance', employeeBand: '50-99', country: 'JP' } }),
    touches: [touch('form_submit', 1)],
    grade: 'B1',
    fitPoints: 40,
    engagementPoints: 9.8,
    score: 50,
    mqlReady: false,
    en: ['Form submitted ×1: +9.8 pts (10 before decay)', 'Below the MQL threshold (engagement 1 below 2)'],
    ja: ['フォーム送信 ×1: +9.8点（減衰前 10点）', 'MQL基準に未達（関与度 1 < 2）'],
  },
  {
    name: 'fit just under B: 10 + 10 + 15 = 35 → C; 10 → 2',
    lead: lead({ title: 'Manager', firmographics: { employeeBand: '50-99', country: 'JP' } }),
    touches: [touch('call')],
    grade: 'C2',
    fitPoints: 35,
    engagementPoints: 10,
    score: 45,
    mqlReady: false,
    en: ['Fit 35 pts → C (A ≥ 60, B ≥ 40, C ≥ 20)', 'Call ×1: +10 pts (10 before decay)', 'Below the MQL threshold (fit C below B)'],
    ja: ['電話 ×1: +10点（減衰前 10点）', 'MQL基準に未達（適合度 C < B）'],
  },
  {
    name: '代表取締役社長 of a micro company: 25 - 10 + 10 = 25 → C; 20 + 15 + 10 = 45 → 3',
    lead: lead({ email: 'ceo@startup.jp', title: '代表取締役社長', firmographics: { industry: 'retail', employeeBand: '1-9', country: 'JP' } }),
    touches: [touch('meeting'), touch('inbound_email'), touch('call')],
    grade: 'C3',
    fitPoints: 25,
    engagementPoints: 45,
    score: 70,
    mqlReady: false,
    en: ['Executive title: +25 pts', 'Fewer than 10 employees: -10 pts', 'Meeting ×1: +20 pts (20 before decay)', 'Inbound email ×1: +15 pts (15 before decay)'],
    ja: ['役員・経営層: +25点', '従業員10名未満: -10点', '商談・面談 ×1: +20点（減衰前 20点）', '問い合わせメール ×1: +15点（減衰前 15点）', 'MQL基準に未達（適合度 C < B）'],
  },
  {
    name: 'CIO of a 5,000+ IT services firm: 20 + 30 + 25 = 75 → A; 24 + 20 + 6 = 50 → 4',
    lead: lead({ title: 'CIO', firmographics: { industry: 'it_services', employeeBand: '5000+' } }),
    touches: [...times(2, 'seminar_attended'), touch('meeting'), ...times(2, 'email_click')],
    grade: 'A4',
    fitPoints: 75,
    engagementPoints: 50,
    score: 125,
    mqlReady: true,
    en: ['Executive title: +25 pts', 'Seminar attended ×2: +24 pts (24 before decay)', 'Email link clicked ×2: +6 pts (6 before decay)', 'Engagement 50 pts → 4 (half-life 30 days; 2 ≥ 10, 3 ≥ 25, 4 ≥ 50)'],
    ja: ['セミナー参加 ×2: +24点（減衰前 24点）', 'メール内クリック ×2: +6点（減衰前 6点）'],
  },
  {
    name: 'nothing known and no touches: 0 → D; 0 → 1',
    lead: lead(),
    touches: [],
    grade: 'D1',
    fitPoints: 0,
    engagementPoints: 0,
    score: 0,
    mqlReady: false,
    en: ['Fit 0 pts → D (A ≥ 60, B ≥ 40, C ≥ 20)', 'Engagement 0 pts → 1 (half-life 30 days; 2 ≥ 10, 3 ≥ 25, 4 ≥ 50)', 'Below the MQL threshold (fit D below B, engagement 1 below 2)'],
    ja: ['適合度 0点 → D（A ≥ 60、B ≥ 40、C ≥ 20）', '関与度 0点 → 1（半減期 30日、2 ≥ 10、3 ≥ 25、4 ≥ 50）', 'MQL基準に未達（適合度 D < B、関与度 1 < 2）'],
  },
];

describe('gradeLead: hand-computed cases', () => {
  describe.each(CASES)('$name', (c) => {
    const result = gradeLead(c.lead, c.touches, DEFAULT_DEFINITION, NOW);

    it('grade, points, score and MQL verdict', () => {
      expect({ grade: result.grade, fitPoints: result.fitPoints, engagementPoints: result.engagementPoints, score: result.score, mqlReady: result.mqlReady }).toEqual({
        grade: c.grade,
        fitPoints: c.fitPoints,
        engagementPoints: c.engagementPoints,
        score: c.score,
        mqlReady: c.mqlReady,
      });
      expect(`${result.fit}${result.engagement}`).toBe(c.grade);
    });

    it('explains itself in English and Japanese', () => {
      expect(en(result)).toEqual(expect.arrayContaining(c.en));
      expect(ja(result)).toEqual(expect.arrayContaining(c.ja));
    });

    it('explains every point', () => {
      expect(sumEffects(result, 'fit')).toBe(result.fitPoints);
      const types = result.reasons.filter((r) => r.kind === 'engagement').length;
      expect(Math.abs(sumEffects(result, 'engagement') - result.engagementPoints)).toBeLessThanOrEqual(0.1 * types + 1e-9);
    });
  });

  it('lists reasons in a fixed order: fit rules in definition order, fit summary, touch types by effect, engagement summary, MQL', () => {
    const c = CASES[2]!;
    const result = gradeLead(c.lead, c.touches, DEFAULT_DEFINITION, NOW);
    expect(result.reasons.map((r) => [r.kind, r.ruleId, r.effect])).toEqual([
      ['fit', 'target_industry', 20],
      ['fit', 'size_mid', 25],
      ['fit', 'title_manager', 15],
      ['fit', 'target_department', 10],
      ['summary', 'fit', 0],
      ['engagement', 'webinar_attended', 6],
      ['engagement', 'web_visit', 4],
      ['engagement', 'content_download', 2],
      ['summary', 'engagement', 0],
      ['mql', 'mql', 0],
    ]);
  });

  it('breaks ties between touch types by type name', () => {
    const result = gradeLead(lead(), [touch('form_submit'), touch('call')], DEFAULT_DEFINITION, NOW);
    expect(result.reasons.filter((r) => r.kind === 'engagement').map((r) => r.ruleId)).toEqual(['call', 'form_submit']);
  });
});

describe('decay', () => {
  // 20 + 15 + 12 + 12 = 59 points, all occurring at NOW.
  const touches = [touch('meeting'), touch('inbound_email'), touch('seminar_attended'), touch('webinar_attended')];
  const subject = lead({ title: 'CTO', firmographics: { industry: 'software', employeeBand: '5000+' } });

  it.each([
    [0, 1, 59, 4, 'A4'],
    [1, 0.5, 29.5, 3, 'A3'],
    [2, 0.25, 14.8, 2, 'A2'],
    [3, 0.125, 7.4, 1, 'A1'],
  ])('at now + %i half-lives the points are ×%s', (halfLives, factor, points, level, grade) => {
    const result = gradeLead(subject, touches, DEFAULT_DEFINITION, NOW + halfLives * HALF_LIFE);
    expect(result.engagementPoints).toBe(points);
    expect(Math.abs(result.engagementPoints - 59 * factor)).toBeLessThanOrEqual(0.05 + 1e-9);
    expect(result.engagement).toBe(level);
    expect(result.grade).toBe(grade);
    // Fit does not decay.
    expect(result.fitPoints).toBe(75);
    const meeting = result.reasons.find((r) => r.ruleId === 'meeting')!;
    expect(meeting.effect).toBe(20 * factor);
    expect(meeting.text.en).toBe(`Meeting ×1: +${20 * factor} pts (20 before decay)`);
    expect(meeting.text.ja).toBe(`商談・面談 ×1: +${20 * factor}点（減衰前 20点）`);
  });

  it('rounds each type to 0.1 (15 × 0.25 = 3.75 → 3.8)', () => {
    const result = gradeLead(subject, touches, DEFAULT_DEFINITION, NOW + 2 * HALF_LIFE);
    expect(result.reasons.find((r) => r.ruleId === 'inbound_email')!.text.en).toBe('Inbound email ×1: +3.8 pts (15 before decay)');
  });

  it('a longer half-life decays more slowly', () => {
    const slow = definition((d) => (d.engagement.halfLifeDays = 60));
    expect(gradeLead(subject, touches, slow, NOW + HALF_LIFE).engagementPoints).toBe(41.7); // 59 × 0.5^0.5 = 41.72
  });

  it('future-dated touches count at full value, never more', () => {
    const result = gradeLead(lead(), [touch('webinar_attended', -10), touch('webinar_attended', 30)], DEFAULT_DEFINITION, NOW);
    expect(result.engagementPoints).toBe(18);
    expect(en(result)).toContain('Webinar attended ×2: +18 pts (24 before decay)');
    expect(gradeLead(lead(), [touch('meeting', -365)], DEFAULT_DEFINITION, NOW).engagementPoints).toBe(20);
  });

  it('accepts now as a Date or as epoch milliseconds alike', () => {
    expect(gradeLead(subject, touches, DEFAULT_DEFINITION, new Date(NOW + HALF_LIFE))).toEqual(gradeLead(subject, touches, DEFAULT_DEFINITION, NOW + HALF_LIFE));
  });
});

describe('touch types worth nothing', () => {
  it('a 0-point type (list_import) adds nothing and is not listed', () => {
    const result = gradeLead(lead(), [...times(5, 'list_import'), touch('web_visit')], DEFAULT_DEFINITION, NOW);
    expect(result.engagementPoints).toBe(2);
    expect(result.reasons.map((r) => r.ruleId)).not.toContain('list_import');
    expect(en(result).join('\n')).not.toMatch(/List import/);
  });

  it('only 0-point touches give no engagement reasons at all', () => {
    const result = gradeLead(lead(), times(3, 'list_import'), DEFAULT_DEFINITION, NOW);
    expect(result.reasons.filter((r) => r.kind === 'engagement')).toEqual([]);
    expect(result.engagementPoints).toBe(0);
  });

  it('a type the definition does not score is ignored', () => {
    const callsOnly = definition((d) => (d.engagement.points = { call: 10 }));
    const result = gradeLead(lead(), [touch('call'), touch('meeting'), touch('web_visit')], callsOnly, NOW);
    expect(result.engagementPoints).toBe(10);
    expect(result.reasons.filter((r) => r.kind === 'engagement').map((r) => r.ruleId)).toEqual(['call']);
  });
});

describe('fit conditions', () => {
  it.each<[string, string[]]>([
    ['senior MANAGER', ['title_manager']],
    ['head of growth', ['title_manager']],
    ['cto', ['title_executive']],
    ['Vice President, Sales', ['title_executive']],
    ['SVP Marketing', ['title_executive']],
    ['CEO/Founder', ['title_executive']],
    ['営業部 課長', ['title_manager']],
    ['執行役員 CTO', ['title_executive']],
    ['Intern', ['student']],
    ['intern (engineering)', ['student']],
    ['Graduate STUDENT', ['student']],
    ['インターン', ['student']],
    // Latin terms match as words, not inside other words.
    ['Sales Director', ['title_manager']],
    ['International Sales Manager', ['title_manager']],
    ['Marketing Coordinator', []],
    ['Engineer', []],
  ])('title %j matches %j (case-insensitive)', (title, expected) => {
    expect(fitRuleIds(gradeLead(lead({ title }), [], DEFAULT_DEFINITION, NOW))).toEqual(expected);
  });

  it.each<[string, boolean]>([
    ['IT', true],
    ['it', true],
    ['ITソリューション部', true],
    ['情シス', true],
    ['DX推進室', true],
    ['Digital Sales', true],
    ['marketing', true],
    ['Security', false],
    ['Quality Audit', false],
    ['総務部', false],
  ])('department %j → target department %s', (department, expected) => {
    expect(fitRuleIds(gradeLead(lead({ department }), [], DEFAULT_DEFINITION, NOW)).includes('target_department')).toBe(expected);
  });

  it.each<[string, boolean]>([
    ['taro@gmail.com', true],
    ['Taro@GMAIL.COM', true],
    ['hanako@yahoo.co.jp', true],
    ['x@i.softbank.jp', true],
    ['taro@acme.co.jp', false],
    ['taro@mail.gmail.com.example.jp', false],
  ])('email %s is free mail: %s', (email, expected) => {
    const result = gradeLead(lead({ email }), [], DEFAULT_DEFINITION, NOW);
    expect(fitRuleIds(result).includes('free_mail')).toBe(expected);
    expect(result.fitPoints).toBe(expected ? -20 : 0);
  });

  it('industry and employee band match by value', () => {
    for (const industry of Industry.options) {
      const hit = ['software', 'it_services', 'manufacturing', 'finance'].includes(industry);
      expect(gradeLead(lead({ firmographics: { industry } }), [], DEFAULT_DEFINITION, NOW).fitPoints, industry).toBe(hit ? 20 : 0);
    }
    const bandPoints = EmployeeBand.options.map((employeeBand) => gradeLead(lead({ firmographics: { employeeBand } }), [], DEFAULT_DEFINITION, NOW).fitPoints);
    expect(bandPoints).toEqual([-10, 0, 10, 25, 25, 30, 30]);
  });

  describe('not_in, in and contains_any on a missing field', () => {
    const rules: FitRule[] = [
      { id: 'outside_japan', label: { ja: '海外', en: 'Outside Japan' }, when: { field: 'country', op: 'not_in', values: ['JP'] }, points: -15 },
      { id: 'kanto', label: { ja: '関東', en: 'Kanto' }, when: { field: 'region', op: 'in', values: ['東京都', '神奈川県'] }, points: 5 },
      { id: 'not_hr', label: { ja: '人事以外', en: 'Not HR' }, when: { field: 'department', op: 'not_in', values: ['人事部', 'HR'] }, points: 3 },
      { id: 'director', label: { ja: '本部長', en: 'Director' }, when: { field: 'title', op: 'contains_any', values: ['本部長', 'Director'] }, points: 7 },
    ];
    const custom = definition((d) => (d.fit.rules = rules));

    it.each<[string, Partial<GradedLead>, string[], number]>([
      ['nothing known: only the not_in rules hold', {}, ['outside_japan', 'not_hr'], -12],
      ['empty strings count as missing', { title: '', department: '' }, ['outside_japan', 'not_hr'], -12],
      ['JP is not outside Japan', { firmographics: { country: 'JP' } }, ['not_hr'], 3],
      ['US is outside Japan', { firmographics: { country: 'US' } }, ['outside_japan', 'not_hr'], -12],
      ['not_in compares case-insensitively', { department: 'hr' }, ['outside_japan'], -15],
      ['in matches a listed region', { firmographics: { country: 'JP', region: '東京都' } }, ['kanto', 'not_hr'], 8],
      ['contains_any matches inside Japanese text', { firmographics: { country: 'JP' }, title: '営業本部長' }, ['not_hr', 'director'], 10],
    ])('%s', (_label, patch, expectedRules, expectedPoints) => {
      const result = gradeLead(lead(patch), [], custom, NOW);
      expect(fitRuleIds(result)).toEqual(expectedRules);
      expect(result.fitPoints).toBe(expectedPoints);
    });

    it('explains a not_in rule like any other', () => {
      const result = gradeLead(lead(), [], custom, NOW);
      expect(en(result)).toContain('Outside Japan: -15 pts');
      expect(ja(result)).toContain('海外: -15点');
    });
  });
});

describe('MQL verdict', () => {
  const b40 = lead({ firmographics: { industry: 'finance', employeeBand: '50-99', country: 'JP' } }); // exactly 40 → B
  const c35 = lead({ title: 'Manager', firmographics: { employeeBand: '50-99', country: 'JP' } }); // 35 → C

  it.each<[string, GradedLead, GradedTouch[], boolean, string, string]>([
    ['both at the boundary', b40, [touch('form_submit')], true, 'Meets the MQL threshold (fit B or better and engagement 2+)', 'MQL基準を満たす（適合度 B 以上かつ関与度 2 以上）'],
    ['fit short', c35, [touch('form_submit')], false, 'Below the MQL threshold (fit C below B)', 'MQL基準に未達（適合度 C < B）'],
    ['engagement short (9 pts)', b40, times(9, 'email_open'), false, 'Below the MQL threshold (engagement 1 below 2)', 'MQL基準に未達（関与度 1 < 2）'],
    ['both short', c35, [], false, 'Below the MQL threshold (fit C below B, engagement 1 below 2)', 'MQL基準に未達（適合度 C < B、関与度 1 < 2）'],
  ])('%s', (_label, subject, touches, ready, enText, jaText) => {
    const result = gradeLead(subject, touches, DEFAULT_DEFINITION, NOW);
    expect(result.mqlReady).toBe(ready);
    const mql = result.reasons.at(-1)!;
    expect(mql).toEqual({ kind: 'mql', ruleId: 'mql', effect: 0, text: { en: enText, ja: jaText } });
  });

  it('a better grade than the minimum is ready; a stricter definition says what is missing', () => {
    const strict = definition((d) => (d.mql = { minFit: 'A', minEngagement: 3 }));
    const result = gradeLead(b40, [touch('form_submit')], strict, NOW);
    expect(result.mqlReady).toBe(false);
    expect(result.reasons.at(-1)!.text).toEqual({ en: 'Below the MQL threshold (fit B below A, engagement 2 below 3)', ja: 'MQL基準に未達（適合度 B < A、関与度 2 < 3）' });
    const loose = definition((d) => (d.mql = { minFit: 'D', minEngagement: 1 }));
    expect(gradeLead(lead(), [], loose, NOW).mqlReady).toBe(true);
  });
});

describe('determinism', () => {
  const subject = lead({ title: '部長', department: 'DX推進室', firmographics: { industry: 'finance', employeeBand: '300-999', country: 'JP', region: '大阪府' } });
  const touches = [touch('web_visit', 3), touch('email_click', 12.5), touch('webinar_attended', 45), touch('web_visit', 0.25), touch('content_download', 90), touch('list_import', 100)];

  it('the same inputs give deep-equal outputs', () => {
    expect(gradeLead(subject, touches, DEFAULT_DEFINITION, NOW)).toEqual(gradeLead(subject, touches, DEFAULT_DEFINITION, NOW));
  });

  it('does not mutate its inputs (frozen inputs work, snapshots unchanged)', () => {
    const deepFreeze = <T>(value: T): T => {
      if (value && typeof value === 'object') {
        Object.values(value).forEach(deepFreeze);
        Object.freeze(value);
      }
      return value;
    };
    const frozenLead = deepFreeze(structuredClone(subject));
    const frozenTouches = deepFreeze(structuredClone(touches));
    const frozenDefinition = deepFreeze(structuredClone(DEFAULT_DEFINITION));
    const before = JSON.stringify([frozenLead, frozenTouches, frozenDefinition]);
    const result = gradeLead(frozenLead, frozenTouches, frozenDefinition, NOW);
    expect(JSON.stringify([frozenLead, frozenTouches, frozenDefinition])).toBe(before);
    expect(result).toEqual(gradeLead(subject, touches, DEFAULT_DEFINITION, NOW));
  });

  it('the order of touches does not matter', () => {
    expect(gradeLead(subject, [...touches].reverse(), DEFAULT_DEFINITION, NOW)).toEqual(gradeLead(subject, touches, DEFAULT_DEFINITION, NOW));
  });
});

describe('every point explained (property)', () => {
  const TITLES = ['部長', 'CTO', 'Sales Manager', '学生', 'Engineer', 'Intern', '代表取締役', 'Director of IT', ''];
  const arbLead = fc.record({
    email: fc.constantFrom('a@acme.co.jp', 'b@gmail.com', 'c@example.com', 'd@docomo.ne.jp'),
    title: fc.option(fc.constantFrom(...TITLES), { nil: undefined }),
    department: fc.option(fc.constantFrom('情報システム部', 'IT', 'Sales', '総務', 'Security'), { nil: undefined }),
    firmographics: fc.record(
      {
        industry: fc.constantFrom(...Industry.options),
        employeeBand: fc.constantFrom(...EmployeeBand.options),
        country: fc.constantFrom('JP', 'US', 'SG'),
      },
      { requiredKeys: [] },
    ),
  });
  const arbTouches = fc.array(
    fc.record({ type: fc.constantFrom(...TouchType.options), days: fc.double({ min: -30, max: 400, noNaN: true }) }).map(({ type, days }) => touch(type, days)),
    { maxLength: 60 },
  );

  it('fit effects sum to fitPoints; engagement effects to engagementPoints within 0.1 per type; letters follow thresholds', () => {
    fc.assert(
      fc.property(arbLead, arbTouches, (subject, touches) => {
        const r = gradeLead(subject, touches, DEFAULT_DEFINITION, NOW);
        const engagementReasons = r.reasons.filter((x) => x.kind === 'engagement');
        expect(sumEffects(r, 'fit')).toBe(r.fitPoints);
        expect(Math.abs(sumEffects(r, 'engagement') - r.engagementPoints)).toBeLessThanOrEqual(0.1 * engagementReasons.length + 1e-9);
        expect(new Set(engagementReasons.map((x) => x.ruleId)).size).toBe(engagementReasons.length);
        for (const x of engagementReasons) expect(DEFAULT_DEFINITION.engagement.points[x.ruleId as TouchTypeT]).toBeGreaterThan(0);
        expect(r.score).toBe(Math.round(r.fitPoints + r.engagementPoints));
        expect(r.grade).toBe(`${r.fit}${r.engagement}`);
        const t = DEFAULT_DEFINITION.fit.thresholds;
        expect(r.fit).toBe(r.fitPoints >= t.A ? 'A' : r.fitPoints >= t.B ? 'B' : r.fitPoints >= t.C ? 'C' : 'D');
        const e = DEFAULT_DEFINITION.engagement.thresholds;
        expect(r.engagement).toBe(r.engagementPoints >= e[4] ? 4 : r.engagementPoints >= e[3] ? 3 : r.engagementPoints >= e[2] ? 2 : 1);
        // Never more than every touch at full value.
        const undecayed = touches.reduce((s, x) => s + (DEFAULT_DEFINITION.engagement.points[x.type] ?? 0), 0);
        expect(r.engagementPoints).toBeLessThanOrEqual(undecayed + 0.05);
        expect(r.reasons.map((x) => x.kind).filter((k) => k !== 'fit' && k !== 'engagement')).toEqual(['summary', 'summary', 'mql']);
      }),
      { seed: 20260302, numRuns: 300 },
    );
  });
});

describe('a custom definition', () => {
  const custom = definition((d) => {
    d.fit.rules = [{ id: 'tokyo', label: { ja: '東京都', en: 'Tokyo' }, when: { field: 'region', op: 'in', values: ['東京都'] }, points: 50 }];
    d.fit.thresholds = { A: 50, B: 30, C: 10 };
    d.engagement = { points: { call: 25 }, halfLifeDays: 7, thresholds: { 2: 5, 3: 20, 4: 40 } };
    d.mql = { minFit: 'A', minEngagement: 3 };
  });
  const subject = lead({ email: 'sato@acme.co.jp', firmographics: { region: '東京都' } });
  const touches = [touch('call', 7), touch('web_visit')];

  it('changes the grade and its explanation', () => {
    const mine = gradeLead(subject, touches, custom, NOW);
    expect([mine.grade, mine.fitPoints, mine.engagementPoints, mine.mqlReady]).toEqual(['A2', 50, 12.5, false]);
    expect(en(mine)).toEqual([
      'Tokyo: +50 pts',
      'Fit 50 pts → A (A ≥ 50, B ≥ 30, C ≥ 10)',
      'Call ×1: +12.5 pts (25 before decay)',
      'Engagement 12.5 pts → 2 (half-life 7 days; 2 ≥ 5, 3 ≥ 20, 4 ≥ 40)',
      'Below the MQL threshold (engagement 2 below 3)',
    ]);
    expect(ja(mine)).toContain('電話 ×1: +12.5点（減衰前 25点）');

    // Under the default: fit 0 → D; call 10 × 0.5^(7/30) = 8.5 plus a web visit 2 = 10.5 → 2.
    const theirs = gradeLead(subject, touches, DEFAULT_DEFINITION, NOW);
    expect([theirs.grade, theirs.fitPoints, theirs.engagementPoints, theirs.mqlReady]).toEqual(['D2', 0, 10.5, false]);
  });

  it('moves a lead across letters when only the thresholds change', () => {
    const c = CASES[3]!; // 40 fit points
    const higher = definition((d) => (d.fit.thresholds = { A: 80, B: 50, C: 40 }));
    const lower = definition((d) => (d.fit.thresholds = { A: 40, B: 30, C: 20 }));
    expect(gradeLead(c.lead, c.touches, DEFAULT_DEFINITION, NOW).fit).toBe('B');
    expect(gradeLead(c.lead, c.touches, higher, NOW).fit).toBe('C');
    expect(gradeLead(c.lead, c.touches, lower, NOW).fit).toBe('A');
  });
});
