#!/usr/bin/env node
// Prints the oracle's full analysis (which statements applied, and why) for the given case ids, to triage a
// disagreement. Usage: node explain.js <cases.jsonl> <id> [<id> ...]
'use strict';
const fs = require('fs');
const { runSimulation } = require('@cloud-copilot/iam-simulate');

async function main() {
  const [file, ...ids] = process.argv.slice(2);
  const wanted = new Set(ids);
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const c = JSON.parse(line);
    if (!wanted.has(c.id)) continue;
    const simulation = {
      request: { principal: c.caller, action: c.action, resource: { resource: c.resource, accountId: c.resourceOwner }, contextVariables: c.context || {} },
      identityPolicies: (c.identityPolicies || []).map((policy, i) => ({ name: `PolicyInputList.${i + 1}`, policy })),
      serviceControlPolicies: [], resourceControlPolicies: [],
    };
    if (c.boundary) simulation.permissionBoundaryPolicies = [{ name: 'PermissionsBoundaryPolicyInputList.1', policy: c.boundary }];
    if (c.resourcePolicy) simulation.resourcePolicy = c.resourcePolicy;
    const result = await runSimulation(simulation, { simulationMode: 'Strict' });
    const a = result.result ? result.result.analysis : result;
    const brief = (analysis) => analysis && {
      result: analysis.result,
      allow: (analysis.allowStatements || []).map((s) => ({ policyId: s.policyId, ...s.explain })),
      deny: (analysis.denyStatements || []).map((s) => ({ policyId: s.policyId, ...s.explain })),
      unmatched: (analysis.unmatchedStatements || []).map((s) => ({ policyId: s.policyId, ...s.explain })),
    };
    console.log(JSON.stringify({ id: c.id, overall: result.overallResult, sameAccount: a && a.sameAccount, blockedBy: a.blockedBy,
      identity: brief(a.identityAnalysis), boundary: brief(a.permissionBoundaryAnalysis), resource: brief(a.resourceAnalysis) }));
  }
}
main();
