// BullMQ queue and job names. NEVER rename one: jobs and schedules already in Redis are found by these names.
export const PLANS_QUEUES = {
  overdueScan: 'plans-overdue-scan',
} as const;

export const OVERDUE_SCAN_JOB = 'scan-overdue';
export const OVERDUE_SCAN_SCHEDULER_ID = 'plans-overdue-scan-repeat';
