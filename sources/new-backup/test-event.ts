// What a New Backup event looks like.
export default {
  id: "bkp_20261102_0300_orders",
  backupType: "incremental",
  createdAt: "2026-11-02T03:00:12.000Z",
  size: 52428800,
  status: "completed",
  type: "backup",
  databaseId: "db_cmf3xk2q80002lb0k8w1z4hbn",
};
