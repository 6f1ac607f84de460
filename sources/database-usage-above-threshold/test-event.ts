// What a Database Usage Above Threshold event looks like.
export default {
  databaseId: "db_cmf3xk2q80002lb0k8w1z4hbn",
  metric: "storage",
  used: 1.274,
  unit: "GiB",
  threshold: 1,
  reported: null,
  crossing: 1,
  period: {
    start: "2026-11-01T00:00:00.000Z",
    end: "2026-11-14T08:30:00.000Z",
  },
  generatedAt: "2026-11-14T08:30:00.000Z",
};
