// What a New Service Token event looks like: the token's metadata, never its value.
export default {
  id: "itgr_cmf3y5j2v0007lb0kh4e2q8xd",
  type: "serviceToken",
  name: "ci-deploys",
  valueHint: "…k3v9",
  createdAt: "2026-11-02T10:07:12.664Z",
  expiresAt: null,
  workspaceId: "wksp_cmf3wz0aa0000lb0k1n5hq7rt",
};
