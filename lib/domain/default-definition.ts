import type { LeadDefinition } from './definition';

/** The catalogue of reasons sales can give for rejecting a handoff. */
export const REJECTION_REASON_CODES = [
  'not_decision_maker',
  'no_budget',
  'bad_timing',
  'poor_fit',
  'bad_contact_data',
  'duplicate_or_customer',
  'competitor_or_student',
  'no_response',
  'other',
] as const;

const FREE_MAIL_DOMAINS = [
  'gmail.com',
  'googlemail.com',
  'yahoo.co.jp',
  'yahoo.com',
  'outlook.com',
  'outlook.jp',
  'hotmail.com',
  'hotmail.co.jp',
  'icloud.com',
  'me.com',
  'docomo.ne.jp',
  'ezweb.ne.jp',
  'au.com',
  'softbank.ne.jp',
  'i.softbank.jp',
];

/**
 * A sensible starting agreement for a Japanese or English-speaking B2B company.
 * Version 1; a workspace publishes its own versions from the definition editor.
 */
export const DEFAULT_DEFINITION: LeadDefinition = {
  version: 1,
  publishedAt: '2026-01-01T00:00:00.000Z',
  fit: {
    rules: [
      {
        id: 'target_industry',
        label: { ja: '重点業種', en: 'Target industry' },
        when: { field: 'industry', op: 'in', values: ['software', 'it_services', 'manufacturing', 'finance'] },
        points: 20,
      },
      {
        id: 'size_enterprise',
        label: { ja: '従業員1,000名以上', en: '1,000+ employees' },
        when: { field: 'employeeBand', op: 'in', values: ['1000-4999', '5000+'] },
        points: 30,
      },
      {
        id: 'size_mid',
        label: { ja: '従業員100〜999名', en: '100–999 employees' },
        when: { field: 'employeeBand', op: 'in', values: ['100-299', '300-999'] },
        points: 25,
      },
      {
        id: 'size_small',
        label: { ja: '従業員50〜99名', en: '50–99 employees' },
        when: { field: 'employeeBand', op: 'in', values: ['50-99'] },
        points: 10,
      },
      {
        id: 'size_micro',
        label: { ja: '従業員10名未満', en: 'Fewer than 10 employees' },
        when: { field: 'employeeBand', op: 'in', values: ['1-9'] },
        points: -10,
      },
      {
        id: 'title_executive',
        label: { ja: '役員・経営層', en: 'Executive title' },
        when: {
          field: 'title',
          op: 'contains_any',
          values: ['社長', '取締役', '役員', '執行役', 'CEO', 'CTO', 'CIO', 'CMO', 'CFO', 'COO', 'Chief', 'VP', 'SVP', 'EVP', 'Vice President', 'President'],
        },
        points: 25,
      },
      {
        id: 'title_manager',
        label: { ja: '部長・課長・マネージャー', en: 'Manager or director title' },
        when: {
          field: 'title',
          op: 'contains_any',
          values: ['部長', '課長', '室長', 'マネージャー', 'マネジャー', 'Manager', 'Director', 'Head of'],
        },
        points: 15,
      },
      {
        id: 'target_department',
        label: { ja: '情報システム・営業・マーケティング部門', en: 'IT, sales or marketing department' },
        when: {
          field: 'department',
          op: 'contains_any',
          values: ['情報システム', '情シス', 'IT', 'DX', '営業', 'マーケティング', 'Sales', 'Marketing'],
        },
        points: 10,
      },
      {
        id: 'country_japan',
        label: { ja: '国内企業', en: 'Based in Japan' },
        when: { field: 'country', op: 'in', values: ['JP'] },
        points: 10,
      },
      {
        id: 'free_mail',
        label: { ja: 'フリーメール', en: 'Free email address' },
        when: { field: 'emailDomain', op: 'in', values: FREE_MAIL_DOMAINS },
        points: -20,
      },
      {
        id: 'student',
        label: { ja: '学生・インターン', en: 'Student or intern' },
        when: { field: 'title', op: 'contains_any', values: ['学生', 'Student', 'インターン', 'Intern'] },
        points: -30,
      },
    ],
    thresholds: { A: 60, B: 40, C: 20 },
  },
  engagement: {
    points: {
      email_open: 1,
      email_click: 3,
      web_visit: 2,
      form_submit: 10,
      content_download: 8,
      webinar_registered: 5,
      webinar_attended: 12,
      event_visit: 8,
      seminar_attended: 12,
      exhibition_booth: 6,
      inbound_email: 15,
      ad_click: 2,
      call: 10,
      meeting: 20,
      list_import: 0,
    },
    halfLifeDays: 30,
    thresholds: { 2: 10, 3: 25, 4: 50 },
  },
  mql: { minFit: 'B', minEngagement: 2 },
  stages: [
    {
      id: 'marketing_to_sales',
      label: { ja: 'マーケティング → 営業', en: 'Marketing → Sales' },
      from: 'marketing',
      to: 'sales',
      slaHours: 24,
      businessHoursOnly: false,
      checklist: [
        { id: 'contact_verified', label: { ja: '連絡先を確認済み', en: 'Contact details verified' }, required: true },
        { id: 'need_confirmed', label: { ja: '課題・ニーズを確認済み', en: 'Need confirmed' }, required: true },
        { id: 'timing_known', label: { ja: '導入時期を把握', en: 'Timing known' }, required: false },
        { id: 'decision_maker', label: { ja: '決裁者を特定', en: 'Decision maker identified' }, required: false },
        { id: 'consent', label: { ja: '営業連絡の同意あり', en: 'Consent to be contacted' }, required: true },
      ],
      routing: { mode: 'manual' },
    },
  ],
  rejectionReasons: [
    { code: 'not_decision_maker', label: { ja: '決裁者ではない', en: 'Not a decision maker' } },
    { code: 'no_budget', label: { ja: '予算がない', en: 'No budget' } },
    { code: 'bad_timing', label: { ja: '時期が合わない', en: 'Bad timing' } },
    { code: 'poor_fit', label: { ja: '規模・業種が合わない', en: 'Poor fit (size or industry)' } },
    { code: 'bad_contact_data', label: { ja: '連絡先が不正確', en: 'Bad contact data' } },
    { code: 'duplicate_or_customer', label: { ja: '重複・既存顧客', en: 'Duplicate or existing customer' } },
    { code: 'competitor_or_student', label: { ja: '競合・学生', en: 'Competitor or student' } },
    { code: 'no_response', label: { ja: '応答なし', en: 'No response' } },
    { code: 'other', label: { ja: 'その他', en: 'Other' } },
  ],
  calendar: { timezone: 'Asia/Tokyo', workdays: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', holidays: 'jp' },
};
