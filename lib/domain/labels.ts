import type { LocalizedText } from './common';
import type { EmployeeBand, Industry, LifecycleStage, SourceChannel } from './lead';
import type { TouchType } from './touch';
import type { DecisionKind, HandoffStatus, OutcomeKind } from './handoff';
import type { Role } from './user';

/** Bilingual labels for every enum value users see. */
export const TOUCH_TYPE_LABELS: Record<TouchType, LocalizedText> = {
  email_open: { ja: 'メール開封', en: 'Email opened' },
  email_click: { ja: 'メール内クリック', en: 'Email link clicked' },
  web_visit: { ja: 'Web訪問', en: 'Web visit' },
  form_submit: { ja: 'フォーム送信', en: 'Form submitted' },
  content_download: { ja: '資料ダウンロード', en: 'Content downloaded' },
  webinar_registered: { ja: 'ウェビナー申込', en: 'Webinar registration' },
  webinar_attended: { ja: 'ウェビナー参加', en: 'Webinar attended' },
  event_visit: { ja: 'イベント来場', en: 'Event visit' },
  seminar_attended: { ja: 'セミナー参加', en: 'Seminar attended' },
  exhibition_booth: { ja: '展示会ブース来訪', en: 'Exhibition booth visit' },
  inbound_email: { ja: '問い合わせメール', en: 'Inbound email' },
  ad_click: { ja: '広告クリック', en: 'Ad click' },
  call: { ja: '電話', en: 'Call' },
  meeting: { ja: '商談・面談', en: 'Meeting' },
  list_import: { ja: 'リスト取込', en: 'List import' },
};

export const SOURCE_CHANNEL_LABELS: Record<SourceChannel, LocalizedText> = {
  web_form: { ja: 'Webフォーム', en: 'Web form' },
  seminar: { ja: 'セミナー', en: 'Seminar' },
  exhibition: { ja: '展示会', en: 'Exhibition' },
  webinar: { ja: 'ウェビナー', en: 'Webinar' },
  inbound_email: { ja: '問い合わせメール', en: 'Inbound email' },
  referral: { ja: '紹介', en: 'Referral' },
  purchased_list: { ja: '購入リスト', en: 'Purchased list' },
  outsourced_list: { ja: '外部委託リスト', en: 'Outsourced list' },
  partner: { ja: 'パートナー', en: 'Partner' },
  ad: { ja: '広告', en: 'Ad' },
  organic: { ja: '自然流入', en: 'Organic' },
  other: { ja: 'その他', en: 'Other' },
};

export const LIFECYCLE_STAGE_LABELS: Record<LifecycleStage, LocalizedText> = {
  inquiry: { ja: '問い合わせ', en: 'Inquiry' },
  mql: { ja: 'MQL', en: 'MQL' },
  sal: { ja: 'SAL（受入済）', en: 'SAL (accepted)' },
  sql: { ja: 'SQL', en: 'SQL' },
  opportunity: { ja: '商談', en: 'Opportunity' },
  won: { ja: '受注', en: 'Won' },
  lost: { ja: '失注', en: 'Lost' },
  recycled: { ja: 'ナーチャリングへ戻し', en: 'Recycled' },
  disqualified: { ja: '対象外', en: 'Disqualified' },
};

export const INDUSTRY_LABELS: Record<Industry, LocalizedText> = {
  software: { ja: 'ソフトウェア', en: 'Software' },
  it_services: { ja: 'ITサービス', en: 'IT services' },
  manufacturing: { ja: '製造', en: 'Manufacturing' },
  finance: { ja: '金融', en: 'Finance' },
  retail: { ja: '小売', en: 'Retail' },
  healthcare: { ja: '医療', en: 'Healthcare' },
  construction: { ja: '建設', en: 'Construction' },
  logistics: { ja: '物流', en: 'Logistics' },
  public_sector: { ja: '官公庁', en: 'Public sector' },
  education: { ja: '教育', en: 'Education' },
  media: { ja: 'メディア', en: 'Media' },
  consulting: { ja: 'コンサルティング', en: 'Consulting' },
  other: { ja: 'その他', en: 'Other' },
};

export const EMPLOYEE_BAND_LABELS: Record<EmployeeBand, LocalizedText> = {
  '1-9': { ja: '1〜9名', en: '1–9' },
  '10-49': { ja: '10〜49名', en: '10–49' },
  '50-99': { ja: '50〜99名', en: '50–99' },
  '100-299': { ja: '100〜299名', en: '100–299' },
  '300-999': { ja: '300〜999名', en: '300–999' },
  '1000-4999': { ja: '1,000〜4,999名', en: '1,000–4,999' },
  '5000+': { ja: '5,000名以上', en: '5,000+' },
};

export const OUTCOME_KIND_LABELS: Record<OutcomeKind, LocalizedText> = {
  contacted: { ja: '接触済み', en: 'Contacted' },
  meeting: { ja: '商談設定', en: 'Meeting' },
  opportunity: { ja: '案件化', en: 'Opportunity' },
  won: { ja: '受注', en: 'Won' },
  lost: { ja: '失注', en: 'Lost' },
};

export const HANDOFF_STATUS_LABELS: Record<HandoffStatus, LocalizedText> = {
  pending: { ja: '対応待ち', en: 'Pending' },
  accepted: { ja: '受入済', en: 'Accepted' },
  rejected: { ja: '差し戻し', en: 'Rejected' },
  recycled: { ja: 'ナーチャリングへ戻し', en: 'Recycled' },
  expired: { ja: '期限切れ', en: 'Expired' },
};

export const DECISION_KIND_LABELS: Record<DecisionKind, LocalizedText> = {
  accept: { ja: '受入', en: 'Accept' },
  reject: { ja: '差し戻し', en: 'Reject' },
  recycle: { ja: 'ナーチャリングへ戻す', en: 'Recycle to nurture' },
};

export const ROLE_LABELS: Record<Role, LocalizedText> = {
  admin: { ja: '管理者', en: 'Admin' },
  manager: { ja: 'マネージャー', en: 'Manager' },
  marketer: { ja: 'マーケティング', en: 'Marketer' },
  sales: { ja: '営業', en: 'Sales' },
  integration: { ja: '連携', en: 'Integration' },
};
