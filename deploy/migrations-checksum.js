'use strict';

// CloudFormation sends a custom resource an Update only when its properties change. The
// DatabaseSchema resource (handlers/database.yml) must be updated exactly when the migrations are:
// this adds MigrationsChecksum, a SHA-256 over the names and contents of
// src/main/resources/db/migration, to its properties in the packaged template. The local runtime
// creates the resource at every start, so it has no use for the property and never sees it.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const RESOURCE = 'DatabaseSchema';

function migrationsChecksum(directory) {
  const hash = crypto.createHash('sha256');
  for (const name of fs.readdirSync(directory).filter((file) => file.endsWith('.sql')).sort()) {
    hash.update(name).update('\0').update(fs.readFileSync(path.join(directory, name))).update('\0');
  }
  return hash.digest('hex');
}

class MigrationsChecksum {
  constructor(serverless) {
    this.serverless = serverless;
    // After the resources sections are merged into the template, before it is written.
    this.hooks = { 'after:aws:package:finalize:mergeCustomProviderResources': () => this.addChecksum() };
  }

  addChecksum() {
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    const resource = template.Resources[RESOURCE];
    if (!resource) {
      throw new this.serverless.classes.Error(`deploy/migrations-checksum.js: the template has no ${RESOURCE} resource`);
    }
    const directory = path.join(this.serverless.serviceDir, 'src', 'main', 'resources', 'db', 'migration');
    resource.Properties.MigrationsChecksum = migrationsChecksum(directory);
  }
}

module.exports = MigrationsChecksum;
module.exports.migrationsChecksum = migrationsChecksum;
