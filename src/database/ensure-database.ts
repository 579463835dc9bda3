import mysql from 'mysql2/promise';
import type { AppConfig } from '../config/app-config.js';

/** Creates the configured database when it does not exist yet (the name is validated by the config). */
export async function ensureDatabase(db: AppConfig['db']): Promise<void> {
  const connection = await mysql.createConnection({
    host: db.host,
    port: db.port,
    user: db.username,
    password: db.password,
  });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${db.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}
