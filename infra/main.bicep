// ServiceDesk: everything `azd up` creates, in one resource group.
//
// Subscription scope so that one deployment creates the resource group too: azd tags it with the
// environment name, and `azd down` removes the whole system by deleting that one group.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name (AZURE_ENV_NAME); names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Region for all regional resources. It must offer the Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group to create. Empty: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Object id of whoever runs azd (AZURE_PRINCIPAL_ID): gets Key Vault Secrets Officer to set the secrets. Empty: none.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
@description('Kind of principal principalId is (a developer is User, a pipeline ServicePrincipal).')
param principalType string = 'User'

@description('Audience the API accepts in bearer tokens: the Application ID URI or client id of the API\'s Entra app registration.')
param authAudience string

@description('Entra tenant whose tokens the API accepts. Default: the tenant of this subscription.')
param authTenantId string = tenant().tenantId

@description('Instance memory of the Function App in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the Function App scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Always-ready instances for the durable trigger group (orchestrations, activities, entities).')
@minValue(0)
param durableAlwaysReadyInstances int = 1

@description('Always-ready instances for the http trigger group. 0 means HTTP may cold-start.')
@minValue(0)
param httpAlwaysReadyInstances int = 0

@description('Where Azure Communication Services keeps data at rest.')
param communicationDataLocation string = 'Europe'

@description('Client id of the Entra app registration used for ACS SMTP AUTH. Empty until it exists.')
param smtpEntraApplicationId string = ''

@description('Object id of that app\'s service principal; gets Communication and Email Service Owner on ACS. Empty: none.')
param smtpServicePrincipalId string = ''

@description('Custom SMTP username to create for that app. Empty: use <acs name>.<app id>.<tenant id>.')
param smtpUsername string = ''

@description('Turn on Key Vault purge protection (cannot be turned off again). Recommended for production.')
param keyVaultPurgeProtection bool = false

@description('The support mailbox (ServiceDesk__Mail__SupportAddress): From and Reply-To of every mail. It must be a sender address of an email domain linked to ACS. Empty: DoNotReply@<Azure-managed domain>, which nobody can reply to.')
param mailSupportAddress string = ''

@description('Require an HMAC signature on POST /api/inbound/email, keyed with the Key Vault secret mail-inbound-signing-key (ServiceDesk__Mail__InboundSigningKey).')
param mailRequireInboundSignature bool = false

@description('IMAP server of the support mailbox (ServiceDesk__Mail__Imap__Host). Empty: the mailbox poller is off (use POST /api/inbound/email from a mail gateway).')
param imapHost string = ''

@description('IMAP port.')
@minValue(1)
@maxValue(65535)
param imapPort int = 993

@description('IMAP transport security.')
@allowed([
  'None'
  'Auto'
  'StartTls'
  'SslOnConnect'
])
param imapSecurity string = 'Auto'

@description('IMAP user of the support mailbox. Its password is the Key Vault secret mail-imap-password.')
param imapUserName string = ''

@description('IMAP folder the poller reads.')
param imapFolder string = 'INBOX'

@description('Public base URL of the API in links of mails (ServiceDesk__Workflows__PublicBaseUrl), without /api. Empty: https://<the function app\'s default host name>.')
param publicBaseUrl string = ''

// Generated once by azd (kept in .azure/<environment>/config.json and reused on every later provision),
// so decision links in mails already sent stay valid across deployments. See infra/README.md.
@secure()
@minLength(32)
@description('Secret from which the HMAC key of signed approval links is derived (stored in Key Vault as workflow-link-signing-key).')
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 48
      noSpecial: true
    }
  }
})
param workflowLinkSigningSecret string

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'servicedesk'
}
var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'
var authIssuer = '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'
// Mail goes out through the ACS SMTP relay once the Entra app for SMTP AUTH exists; until then
// ServiceDesk__Mail__Smtp__Host stays empty and the app sends no mail (no notification handler).
var smtpEnabled = !empty(smtpEntraApplicationId)

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  scope: rg
  params: {
    name: '${abbrs.serviceBusNamespaces}${resourceToken}'
    location: location
    tags: tags
    topicName: 'ticket-events'
  }
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  scope: rg
  params: {
    communicationServiceName: '${abbrs.communicationServices}${resourceToken}'
    emailServiceName: '${abbrs.communicationEmailServices}${resourceToken}'
    dataLocation: communicationDataLocation
    tags: tags
    smtpEntraApplicationId: smtpEntraApplicationId
    smtpUsername: smtpUsername
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    enablePurgeProtection: keyVaultPurgeProtection
    workflowLinkSigningKey: base64(workflowLinkSigningSecret)
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    appPrincipalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    serviceBusTopicName: serviceBus.outputs.topicName
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    communicationServiceName: communication.outputs.communicationServiceName
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
    smtpServicePrincipalId: smtpServicePrincipalId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    durableAlwaysReadyInstances: durableAlwaysReadyInstances
    httpAlwaysReadyInstances: httpAlwaysReadyInstances
    authIssuer: authIssuer
    authAudience: authAudience
    keyVaultName: keyVault.outputs.name
    workflowLinkSigningKeySecretName: keyVault.outputs.workflowLinkSigningKeySecretName
    publicBaseUrl: publicBaseUrl
    mailSupportAddress: !empty(mailSupportAddress) ? mailSupportAddress : communication.outputs.senderAddress
    mailRequireInboundSignature: mailRequireInboundSignature
    smtpEnabled: smtpEnabled
    smtpUserName: communication.outputs.smtpUsername
    imapHost: imapHost
    imapPort: imapPort
    imapSecurity: imapSecurity
    imapUserName: imapUserName
    imapFolder: imapFolder
  }
  // The app starts as soon as it exists; let it find its storage and Service Bus roles in place.
  dependsOn: [
    rbac
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_ENDPOINT string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output SERVICE_BUS_TOPIC string = serviceBus.outputs.topicName
output ACS_RESOURCE_NAME string = communication.outputs.communicationServiceName
output ACS_SENDER_ADDRESS string = communication.outputs.senderAddress
output ACS_SMTP_USERNAME string = communication.outputs.smtpUsername
output SERVICEDESK_AUTH_ISSUER string = authIssuer
