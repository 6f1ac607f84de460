import { defineAction } from "../../common/define-action";
import { exportSummary } from "../../common/summary";
import { countOf } from "../../common/text";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-get-regions",
  name: "Get Regions",
  description: "Lists the regions where Prisma Postgres databases can be created, each with its ID (e.g. `us-east-1`), display name and status (`available` or `unavailable`). Takes no input. Use a region ID with **Create Project**, **Create Database** or **Create Databases in Regions**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/misc/get-regions-postgres)",
  version: "0.0.1",
  type: "action",
  annotations: {
    destructiveHint: false,
    openWorldHint: true,
    readOnlyHint: true,
    idempotentHint: true,
  },
  props: {
    app,
  },
  async run({ $ }) {
    const regions = await this.app.listPostgresRegions({
      $,
    });
    const available = regions.filter((r) => r.status === "available").length;
    exportSummary($, `Found ${countOf(regions.length, "Prisma Postgres region")}, ${available} available`);
    return regions;
  },
});
