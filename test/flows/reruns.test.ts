import { describe, expect, it, vi } from "vitest";
import { PrismaApiError, toPrismaApiError } from "../../common/errors";
import { createOrReuse } from "../../flows/reruns";
import { errorBody } from "../harness";

const apiError = (status: number) =>
  toPrismaApiError({ response: { status, data: errorBody("conflict", "A project with logicalId orders-prod already exists") } });

describe("createOrReuse", () => {
  it("returns what create made, without looking anything up", async () => {
    const find = vi.fn();
    await expect(createOrReuse("orders-prod", async () => ({ id: "proj_new" }), find))
      .resolves.toEqual({ existed: false, resource: { id: "proj_new" } });
    expect(find).not.toHaveBeenCalled();
  });

  it("returns the existing resource after a 409 when a logicalId was given", async () => {
    const create = vi.fn(async () => { throw apiError(409); });
    const find = vi.fn(async (logicalId: string) => ({ id: "proj_existing", logicalId }));

    const outcome = await createOrReuse("orders-prod", create, find);

    expect(outcome).toEqual({ existed: true, resource: { id: "proj_existing", logicalId: "orders-prod" } });
    expect(create).toHaveBeenCalledTimes(1);
    expect(find).toHaveBeenCalledWith("orders-prod");
  });

  it.each([undefined, ""])("rethrows a 409 when no logicalId was given (%j)", async (logicalId) => {
    const conflict = apiError(409);
    const find = vi.fn();
    await expect(createOrReuse(logicalId, async () => { throw conflict; }, find)).rejects.toBe(conflict);
    expect(find).not.toHaveBeenCalled();
  });

  it("rethrows the original 409 when the lookup finds nothing", async () => {
    const conflict = apiError(409);
    const find = vi.fn(async () => undefined);
    await expect(createOrReuse("orders-prod", async () => { throw conflict; }, find)).rejects.toBe(conflict);
    expect(find).toHaveBeenCalledTimes(1);
  });

  it("lets a failing lookup's error through", async () => {
    const lookupFailure = apiError(500);
    await expect(createOrReuse("orders-prod", async () => { throw apiError(409); }, async () => { throw lookupFailure; }))
      .rejects.toBe(lookupFailure);
  });

  it.each([400, 401, 403, 404, 422, 429, 500, 503])("rethrows a %i without looking anything up", async (status) => {
    const error = apiError(status);
    const find = vi.fn();
    await expect(createOrReuse("orders-prod", async () => { throw error; }, find)).rejects.toBe(error);
    expect(find).not.toHaveBeenCalled();
  });

  it("rethrows errors that are not API errors, even ones with status 409", async () => {
    const plain = Object.assign(new Error("conflict"), { status: 409 });
    const network = toPrismaApiError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    const find = vi.fn();
    await expect(createOrReuse("orders-prod", async () => { throw plain; }, find)).rejects.toBe(plain);
    await expect(createOrReuse("orders-prod", async () => { throw network; }, find)).rejects.toBe(network);
    expect(find).not.toHaveBeenCalled();
    expect(network).toBeInstanceOf(PrismaApiError);
  });
});
