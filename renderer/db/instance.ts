// The console's one database and repository. Created lazily so tests and
// benchmarks can build their own PoskoDb with a unique name instead.
import { PoskoDb } from './database';
import { Repository } from './repository';

let db: PoskoDb | null = null;
let repository: Repository | null = null;

export function getDb(): PoskoDb {
  db ??= new PoskoDb();
  return db;
}

export function getRepository(): Repository {
  repository ??= new Repository(getDb());
  return repository;
}
