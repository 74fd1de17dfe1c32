export {
  type Campaign,
  type CampaignNumber,
  type CampaignOptions,
  type CampaignPacer,
  type CampaignProgress,
  createCampaign,
} from './campaign.js';
export {
  CAMPAIGN_FORMAT,
  type CampaignHeader,
  type CampaignLedger,
  type CampaignRow,
  CampaignRowConflictError,
  campaignKey,
  campaignRowKey,
  createCampaignLedger,
} from './campaign-ledger.js';
export {
  type NumberList,
  NumberListError,
  type NumberListOptions,
  type NumberListRow,
  type NumberRefusal,
  parseNumbersCsv,
  readNumbersCsv,
} from './number-list.js';
export { CampaignListMismatchError, numberListFingerprint } from './number-list-fingerprint.js';
export {
  type CallOutcome,
  type CampaignReport,
  type CampaignReportRow,
  CSV_COLUMNS,
  reportToCsv,
  totalsOf,
} from './report.js';
export { createTokenBucket, type TokenBucket, type TokenBucketOptions } from './token-bucket.js';
