// What a New Database event looks like: connection details without credentials.
export default {
  id: "db_cmf3xk2q80002lb0k8w1z4hbn",
  type: "database",
  url: "https://api.prisma.io/v1/databases/db_cmf3xk2q80002lb0k8w1z4hbn",
  name: "orders",
  status: "ready",
  createdAt: "2026-11-02T09:14:08.031Z",
  isDefault: false,
  defaultConnectionId: "con_cmf3xk2q80003lb0kd2m7c1pq",
  connections: [
    {
      id: "con_cmf3xk2q80003lb0kd2m7c1pq",
      type: "connection",
      url: "https://api.prisma.io/v1/connections/con_cmf3xk2q80003lb0kd2m7c1pq",
      name: "default",
      createdAt: "2026-11-02T09:14:08.031Z",
      kind: "postgres",
      endpoints: {
        direct: {
          host: "db.prisma.io",
          port: 5432,
        },
        pooled: {
          host: "pooled.db.prisma.io",
          port: 5432,
        },
      },
      database: {
        id: "db_cmf3xk2q80002lb0k8w1z4hbn",
        url: "https://api.prisma.io/v1/databases/db_cmf3xk2q80002lb0k8w1z4hbn",
        name: "orders",
      },
    },
  ],
  project: {
    id: "proj_cmf3xk2q80001lb0kq7c9d2ve",
    url: "https://api.prisma.io/v1/projects/proj_cmf3xk2q80001lb0kq7c9d2ve",
    name: "shop",
  },
  region: {
    id: "eu-central-1",
    name: "Europe (Frankfurt)",
  },
  source: {
    type: "empty",
  },
  branchId: "br_cmf3xk2q80004lb0k0v6t9sya",
  logicalId: "orders",
};
