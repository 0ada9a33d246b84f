// Key Vault for the few secrets that remain: the ACS SMTP relay password (an Entra app secret),
// HMAC secrets for vendor and inbound webhooks. RBAC mode only (no access policies): the app's
// identity reads secrets as Key Vault Secrets User. The secrets themselves are set by an
// operator after `azd provision` (infra/README.md): a template must not carry secret values.

param name string
param location string
param tags object

@description('Purge protection cannot be turned off again once on; keep it off for throwaway environments.')
param enablePurgeProtection bool = false

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
