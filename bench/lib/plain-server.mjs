#!/usr/bin/env node
// The middle point of the isolation benchmarks: the patients handlers served
// over HTTP by a bare express app in one process, on its main thread — HTTP and
// JSON parsing as in the kernel, but no auth, CSRF, breaker, bulkhead,
// deadline, metrics or worker hop. Comparing it with the kernel isolates the
// price of the compartment from the price of HTTP.
//   node bench/lib/plain-server.mjs <dataDir>   (prints "listening <url>")
import express from 'express';
import { openPatientsInProcess } from './in-process.mjs';

const local = openPatientsInProcess(process.argv[2]);
const app = express();
app.use(express.json({ limit: '100kb' }));
const reply = (res, r) => res.status(r.status).type('json').send(r.body);
app.get('/api/v1/patients', async (req, res) => {
  try {
    reply(res, await local.run('searchPatients', { query: { ...req.query } }));
  } catch (err) {
    res.status(err?.status ?? 500).json({ error: { code: err?.code ?? 'INTERNAL' } });
  }
});
app.post('/api/v1/patients', async (req, res) => {
  try {
    reply(res, await local.run('createPatient', { body: req.body }));
  } catch (err) {
    res.status(err?.status ?? 500).json({ error: { code: err?.code ?? 'INTERNAL' } });
  }
});
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`listening http://127.0.0.1:${server.address().port}\n`));
server.keepAliveTimeout = 5000;
process.once('SIGTERM', () => server.close(() => local.close().then(() => process.exit(0))));
