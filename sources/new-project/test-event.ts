// What a New Project event looks like.
export default {
  id: "proj_cmf3xk2q80001lb0kq7c9d2ve",
  type: "project",
  url: "https://api.prisma.io/v1/projects/proj_cmf3xk2q80001lb0kq7c9d2ve",
  name: "shop",
  logicalId: "shop",
  createdAt: "2026-11-02T09:14:07.512Z",
  defaultRegion: "eu-central-1",
  workspace: {
    id: "wksp_cmf3wz0aa0000lb0k1n5hq7rt",
    url: "https://api.prisma.io/v1/workspaces/wksp_cmf3wz0aa0000lb0k1n5hq7rt",
    name: "Acme",
  },
};
