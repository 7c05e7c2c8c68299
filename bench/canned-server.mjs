/**
 * The throughput bench's server: answers every request with one recorded emulator response (status, headers,
 * body), after reading the request body, and verifies nothing. The emulator checks signatures and runs the
 * function, which caps it near 5,000 requests/s on one core, below what the clients under test can send;
 * replaying its answer keeps the server the same for every client and out of the way.
 *
 * Usage: node bench/canned-server.mjs <response.json>   (prints `listening on <url>` on stdout)
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const recorded = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const body = Buffer.from(recorded.body, 'base64');
const headers = { ...recorded.headers, 'content-length': String(body.length) };
delete headers['transfer-encoding'];
delete headers['connection'];
delete headers['keep-alive'];
delete headers['date'];

const server = createServer((request, response) => {
  request.on('data', () => undefined);
  request.on('end', () => {
    response.writeHead(recorded.status, headers);
    response.end(body);
  });
});
server.keepAliveTimeout = 10_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGINT', () => server.close(() => process.exit(0)));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
