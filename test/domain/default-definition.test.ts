import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITION, LeadDefinition, LocalizedText, REJECTION_REASON_CODES, stageById, TouchType } from '../../lib/domain';

/** Every `label` anywhere in the definition, with where it was found. */
function allLabels(value: unknown, path = 'definition'): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => allLabels(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'label' ? [[`${path}.label`, v] as [string, unknown]] : allLabels(v, `${path}.${k}`)));
}

describe('DEFAULT_DEFINITION', () => {
  it('validates against LeadDefinition and parses to itself', () => {
    const parsed = LeadDefinition.safeParse(DEFAULT_DEFINITION);
    expect(parsed.success, parsed.error?.message).toBe(true);
    expect(parsed.data).toEqual(DEFAULT_DEFINITION);
  });

  it('is version 1 with sensible grading thresholds', () => {
    expect(DEFAULT_DEFINITION.version).toBe(1);
    expect(DEFAULT_DEFINITION.fit.thresholds).toEqual({ A: 60, B: 40, C: 20 });
    expect(DEFAULT_DEFINITION.engagement.thresholds).toEqual({ 2: 10, 3: 25, 4: 50 });
    expect(DEFAULT_DEFINITION.engagement.halfLifeDays).toBe(30);
    expect(DEFAULT_DEFINITION.mql).toEqual({ minFit: 'B', minEngagement: 2 });
  });

  it('every label has ja and en', () => {
    const labels = allLabels(DEFAULT_DEFINITION);
    // 11 fit rules + 1 stage + 5 checklist items + 9 rejection reasons.
    expect(labels).toHaveLength(DEFAULT_DEFINITION.fit.rules.length + 1 + 5 + 9);
    for (const [where, label] of labels) {
      const parsed = LocalizedText.safeParse(label);
      expect(parsed.success, where).toBe(true);
      expect(parsed.data!.ja.trim(), where).not.toBe('');
      expect(parsed.data!.en.trim(), where).not.toBe('');
    }
  });

  it('fit labels are distinct in each language', () => {
    const rules = DEFAULT_DEFINITION.fit.rules;
    expect(new Set(rules.map((r) => r.label.en)).size).toBe(rules.length);
    expect(new Set(rules.map((r) => r.label.ja)).size).toBe(rules.length);
  });

  it.each(TouchType.options)('touch type %s has engagement points', (type) => {
    const points = DEFAULT_DEFINITION.engagement.points[type];
    expect(typeof points).toBe('number');
    // A list import is not engagement; every real touch counts for something.
    if (type === 'list_import') expect(points).toBe(0);
    else expect(points).toBeGreaterThan(0);
  });

  it('weights stronger intent above weaker', () => {
    const p = DEFAULT_DEFINITION.engagement.points;
    expect(p.meeting!).toBeGreaterThan(p.webinar_attended!);
    expect(p.webinar_attended!).toBeGreaterThan(p.webinar_registered!);
    expect(p.email_click!).toBeGreaterThan(p.email_open!);
    expect(p.inbound_email!).toBeGreaterThan(p.web_visit!);
  });

  it('has negative rules for free mail and students', () => {
    const byId = new Map(DEFAULT_DEFINITION.fit.rules.map((r) => [r.id, r]));
    expect(byId.get('free_mail')).toMatchObject({ when: { field: 'emailDomain', op: 'in' } });
    expect(byId.get('free_mail')!.points).toBeLessThan(0);
    expect(byId.get('free_mail')!.when.values).toEqual(expect.arrayContaining(['gmail.com', 'yahoo.co.jp', 'outlook.com', 'icloud.com', 'docomo.ne.jp']));
    expect(byId.get('student')!.points).toBeLessThan(0);
    expect(byId.get('student')!.when.values).toEqual(expect.arrayContaining(['学生', 'Student', 'インターン', 'Intern']));
  });

  describe('the marketing → sales stage', () => {
    const stage = stageById(DEFAULT_DEFINITION, 'marketing_to_sales');

    it('exists, goes from marketing to sales and has an SLA', () => {
      expect(stage).toBeDefined();
      expect(stage!.from).toBe('marketing');
      expect(stage!.to).toBe('sales');
      expect(stage!.slaHours).toBe(24);
      expect(stage!.routing).toEqual({ mode: 'manual' });
    });

    it('has the five checklist items, with contact, need and consent required', () => {
      expect(stage!.checklist.map((c) => [c.id, c.required])).toEqual([
        ['contact_verified', true],
        ['need_confirmed', true],
        ['timing_known', false],
        ['decision_maker', false],
        ['consent', true],
      ]);
      expect(stage!.checklist.map((c) => c.label.en)).toEqual(['Contact details verified', 'Need confirmed', 'Timing known', 'Decision maker identified', 'Consent to be contacted']);
    });
  });

  it('stageById finds nothing for an unknown stage', () => {
    expect(stageById(DEFAULT_DEFINITION, 'sales_to_cs')).toBeUndefined();
  });

  describe('rejection reasons', () => {
    it('are exactly the nine catalogue entries, in order', () => {
      expect(REJECTION_REASON_CODES).toHaveLength(9);
      expect(DEFAULT_DEFINITION.rejectionReasons.map((r) => r.code)).toEqual([...REJECTION_REASON_CODES]);
    });

    it.each<[string, RegExp, RegExp]>([
      ['not_decision_maker', /decision maker/i, /決裁者/],
      ['no_budget', /budget/i, /予算/],
      ['bad_timing', /timing/i, /時期/],
      ['poor_fit', /size|industry/i, /規模|業種/],
      ['bad_contact_data', /contact data/i, /連絡先/],
      ['duplicate_or_customer', /duplicate.*customer/i, /重複.*既存顧客/],
      ['competitor_or_student', /competitor.*student/i, /競合.*学生/],
      ['no_response', /no response/i, /応答なし/],
      ['other', /^other$/i, /その他/],
    ])('%s is labelled for what it means', (code, en, ja) => {
      const reason = DEFAULT_DEFINITION.rejectionReasons.find((r) => r.code === code);
      expect(reason).toBeDefined();
      expect(reason!.label.en).toMatch(en);
      expect(reason!.label.ja).toMatch(ja);
    });
  });

  it('works Japanese business hours', () => {
    expect(DEFAULT_DEFINITION.calendar).toEqual({ timezone: 'Asia/Tokyo', workdays: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', holidays: 'jp' });
  });
});
