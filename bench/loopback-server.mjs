// A plain loopback HTTP server for the per-call overhead benchmark, run in its own process so that
// its work does not share a core with the client being measured. Reads the body, answers a fixed
// peer as JSON. Prints its port on stdout.
//
// Under the path prefix /digest it also plays a digest server, as cheaply as it can: a request
// without an Authorization header gets a 401 challenge, any request with one is answered. Checking
// the digest would put the server's hashing into every measured call, and the client's own work
// (building the answer) is what is measured.
import { createServer } from "node:http";

const answer = JSON.stringify({
  providerName: "AWS",
  containerId: "507f1f77bcf86cd799439011",
  id: "95792d1a28f9c1c076958ef6",
  accepterRegionName: "us-east-1",
  awsAccountId: "123456789012",
  routeTableCidrBlock: "10.8.0.0/21",
  vpcId: "vpc-0a1b2c3d4e5f60718",
  statusName: "AVAILABLE",
});
const challenge =
  'Digest realm="MMS Public API", nonce="bench-nonce-0123456789abcdef", qop="auth", algorithm=MD5';
const server = createServer((request, response) => {
  request.on("data", () => {});
  request.on("end", () => {
    if (request.url.startsWith("/digest/") && !request.headers.authorization) {
      response.writeHead(401, { "www-authenticate": challenge, "content-length": 0 });
      response.end();
      return;
    }
    response.writeHead(200, {
      "content-type": "application/vnd.atlas.2023-01-01+json",
      "content-length": Buffer.byteLength(answer),
    });
    response.end(answer);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
