// Key Vault for the few secrets that remain, read by the app through Key Vault references:
// the ACS SMTP relay password (an Entra app secret), the IMAP mailbox password and the inbound-mail
// HMAC key, which an operator sets after `azd provision` (infra/README.md), and the approval-link
// signing key, which this template writes from a value azd generates once per environment.
// RBAC mode only (no access policies): the app's identity reads secrets as Key Vault Secrets User.

param name string
param location string
param tags object

@description('Purge protection cannot be turned off again once on; keep it off for throwaway environments.')
param enablePurgeProtection bool = false

@secure()
@description('Base64 HMAC key (32+ bytes) for signed approval links (ServiceDesk__Workflows__LinkSigningKey).')
param workflowLinkSigningKey string

var workflowLinkSigningKeySecretName = 'workflow-link-signing-key'

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

// Without it the app refuses to start in Azure. Rewritten with the same value on every provision.
resource workflowLinkSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: workflowLinkSigningKeySecretName
  properties: {
    value: workflowLinkSigningKey
    contentType: 'base64 HMAC key of signed approval links'
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
output workflowLinkSigningKeySecretName string = workflowLinkSigningKeySecret.name
