'use strict';

// Adds handlers/network.yml (the stack's own private network, created under the CreateNetwork
// condition) to the packaged CloudFormation template. The local runtime reads serverless.yml's
// `resources` and would refuse EC2 types it has nothing to emulate with, so the network stays
// out of them and joins the template here, at packaging time only.
const path = require('node:path');

class PrivateNetwork {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:finalize': () => this.addNetwork() };
  }

  addNetwork() {
    const file = path.join(this.serverless.serviceDir, 'handlers', 'network.yml');
    const network = this.serverless.utils.readFileSync(file);
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    for (const section of ['Conditions', 'Resources', 'Outputs']) {
      for (const [id, value] of Object.entries(network[section] || {})) {
        template[section] = template[section] || {};
        if (template[section][id]) {
          throw new this.serverless.classes.Error(`handlers/network.yml: ${section}.${id} is already declared elsewhere`);
        }
        template[section][id] = value;
      }
    }
  }
}

module.exports = PrivateNetwork;
