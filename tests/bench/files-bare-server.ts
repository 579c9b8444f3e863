// The baseline of the files benchmark: a bare Node HTTP server that stores a PUT body in a file
// (streamed, fsynced) and serves it back on GET. No auth, no checks, no encryption.
import { createReadStream, createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const dir = mkdtempSync(path.join(tmpdir(), 'posko-bare-'));
const server = createServer((req, res) => {
  const file = path.join(dir, 'blob');
  if (req.method === 'PUT') {
    void pipeline(req, createWriteStream(file)).then(async () => {
      const h = await open(file, 'r+');
      await h.sync();
      await h.close();
      res.writeHead(204).end();
    });
    return;
  }
  res.writeHead(200, { 'content-length': statSync(file).size, 'content-type': 'application/pdf' });
  createReadStream(file).pipe(res);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`listening on http://127.0.0.1:${address.port}`);
});
