// What a Database Status Changed event looks like: the database as it is now, and its status before.
import database from "../new-database/test-event";

export default {
  ...database,
  status: "ready",
  previousStatus: "provisioning",
};
