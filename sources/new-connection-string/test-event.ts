// What a New Connection String event looks like: metadata only, never the credentials.
export default {
  id: "con_cmf3y0d7k0005lb0k3b8n6wuz",
  type: "connection",
  url: "https://api.prisma.io/v1/connections/con_cmf3y0d7k0005lb0k3b8n6wuz",
  name: "reporting",
  kind: "postgres",
  createdAt: "2026-11-02T10:02:41.177Z",
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
};
