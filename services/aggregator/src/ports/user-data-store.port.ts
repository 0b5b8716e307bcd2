/** Rows of one table that belonged to a user. */
export interface TableRows {
  table: string;
  rows: number;
}

export interface ExportedRows {
  table: string;
  rows: Record<string, unknown>[];
}

/** Everything the analytics store keeps that is tied to a user id. */
export interface UserDataStore {
  /** Deletes the users' rows from every table that holds user rows; how many each table had. */
  deleteUsers(userIds: readonly string[]): Promise<TableRows[]>;
  /** The users' rows in every table that holds user rows. */
  exportUsers(userIds: readonly string[]): Promise<ExportedRows[]>;
}
