'use strict';

// serverless-iam-roles-per-function gives every function a role of its own but leaves the
// framework's shared IamRoleLambdaExecution in the template, used by no function; only the queue
// event source mappings still name it in DependsOn. This removes the role when nothing runs with
// it, and points those DependsOn entries at the role of the mapping's own function.
// Listed after serverless-iam-roles-per-function in serverless.yml, so its hook runs after that plugin's.
const SHARED_ROLE = 'IamRoleLambdaExecution';

class NoSharedRole {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:finalize': () => this.removeUnusedSharedRole() };
  }

  removeUnusedSharedRole() {
    const resources = this.serverless.service.provider.compiledCloudFormationTemplate.Resources;
    if (!resources[SHARED_ROLE]) return;
    const usedAsRole = Object.values(resources).some(
      (resource) => JSON.stringify(resource.Properties?.Role ?? null).includes(`"${SHARED_ROLE}"`));
    const referenced = Object.entries(resources).some(([id, resource]) => id !== SHARED_ROLE
      && JSON.stringify(resource.Properties ?? {}).match(new RegExp(`"(Ref|Fn::GetAtt)":\\[?"${SHARED_ROLE}"`)));
    if (usedAsRole || referenced) return;
    for (const resource of Object.values(resources)) {
      if (resource.DependsOn === undefined) continue;
      const dependsOn = [].concat(resource.DependsOn);
      if (!dependsOn.includes(SHARED_ROLE)) continue;
      const ownRole = roleOfMappedFunction(resources, resource);
      const replaced = dependsOn.flatMap((id) => (id === SHARED_ROLE ? (ownRole ? [ownRole] : []) : [id]));
      resource.DependsOn = [...new Set(replaced)];
    }
    delete resources[SHARED_ROLE];
  }
}

/** The role of the function an event source mapping invokes (directly or through its SnapStart alias). */
function roleOfMappedFunction(resources, mapping) {
  const text = JSON.stringify(mapping.Properties?.FunctionName ?? null);
  const functionId = (text.match(/"Fn::GetAtt":\["([^"]+)","Arn"\]/) || [])[1]
    || resources[(text.match(/"Ref":"([^"]+)"/) || [])[1]]?.Properties?.FunctionName?.Ref;
  const role = resources[functionId]?.Properties?.Role?.['Fn::GetAtt']?.[0];
  return resources[role] ? role : undefined;
}

module.exports = NoSharedRole;
