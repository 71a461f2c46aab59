// Prints N free loopback TCP ports, one a line (probed by binding 127.0.0.1 and 0.0.0.0).
// Used by bench/query.sh; plain Node, no dependencies.
import net from 'node:net';

const count = Number(process.argv[2] ?? '1');
const FIRST = 20_000;
const SPAN = 20_000;

function canBind(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

const found = [];
let candidate = FIRST + Math.floor(Math.random() * SPAN);
for (let probes = 0; found.length < count && probes < 5_000; probes++) {
  candidate = FIRST + ((candidate - FIRST + 1) % SPAN);
  if ((await canBind(candidate, '127.0.0.1')) && (await canBind(candidate, '0.0.0.0'))) found.push(candidate);
}
if (found.length < count) {
  console.error(`free-ports: found only ${found.length} of ${count}`);
  process.exit(1);
}
console.log(found.join('\n'));
