// Flex Consumption plan (FC1) and the ServiceDesk Function App (.NET 10 isolated worker).
// On Flex the runtime, scale and deployment source live in functionAppConfig, not in app settings
// (FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE and
// WEBSITE_CONTENT* are not used there). Every connection in the app settings is identity-based:
// an endpoint plus `credential=managedidentity` and the identity's client id, never a key.

param name string
param planName string
param location string
param tags object

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity (AzureWebJobsStorage__clientId, ServiceBus__clientId, AZURE_CLIENT_ID).')
param identityClientId string

param storageAccountName string
param storageBlobEndpoint string
param storageQueueEndpoint string
param storageTableEndpoint string

@description('Blob container the platform deploys the app package from.')
param deploymentContainerName string

param applicationInsightsConnectionString string
param serviceBusFullyQualifiedNamespace string

@description('Memory of each instance in MB. 2048 is the default size.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Most instances the app scales out to (Flex Consumption accepts 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Always-ready instances for the durable group (orchestrator, activity and entity triggers).')
@minValue(0)
param durableAlwaysReadyInstances int

@description('Always-ready instances for the http group. 0 lets HTTP scale to zero.')
@minValue(0)
param httpAlwaysReadyInstances int

@description('Token issuer the API accepts (ServiceDesk:Auth:Issuer).')
param authIssuer string

@description('Token audience the API accepts (ServiceDesk:Auth:Audience).')
param authAudience string

@description('Key Vault the secret-bearing settings reference (resolved with the user-assigned identity).')
param keyVaultName string

@description('Key Vault secret holding the approval-link signing key (ServiceDesk:Workflows:LinkSigningKey).')
param workflowLinkSigningKeySecretName string

@description('Public base URL of the API in mailed links, without /api. Empty: https://<default host name>.')
param publicBaseUrl string = ''

@description('The support mailbox (ServiceDesk:Mail:SupportAddress); its domain becomes ServiceDesk:Mail:MessageIdDomain.')
param mailSupportAddress string

@description('Require the inbound-mail HMAC signature, keyed with the Key Vault secret mail-inbound-signing-key.')
param mailRequireInboundSignature bool = false

@description('Send mail through the ACS SMTP relay (the SMTP app registration exists and its secret is in Key Vault as smtp-password).')
param smtpEnabled bool = false

@description('ACS SMTP username (<acs name>.<app id>.<tenant id> or a custom one). Empty while SMTP is off.')
param smtpUserName string = ''

@description('IMAP server of the support mailbox. Empty: the mailbox poller is off.')
param imapHost string = ''

param imapPort int = 993
param imapSecurity string = 'Auto'
param imapUserName string = ''
param imapFolder string = 'INBOX'

// Key Vault references: the platform resolves them with keyVaultReferenceIdentity (below).
var smtpPasswordReference = '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=smtp-password)'
var imapPasswordReference = '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=mail-imap-password)'
var inboundSigningKeyReference = '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=mail-inbound-signing-key)'
var linkSigningKeyReference = '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${workflowLinkSigningKeySecretName})'


resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  // azd finds the app to deploy the `api` service of azure.yaml to by this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references (@Microsoft.KeyVault(...)) in app settings resolve with this identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        // Per-function scaling puts all orchestrator, activity and entity triggers in the `durable`
        // group; keeping it warm stops orchestrations (approvals, SLA timers) waiting on a cold start.
        alwaysReady: [
          {
            name: 'durable'
            instanceCount: durableAlwaysReadyInstances
          }
          {
            name: 'http'
            instanceCount: httpAlwaysReadyInstances
          }
        ]
      }
    }
  }

  // The whole app-settings set: keys are literal so tests can read them from the compiled template.
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // Functions host storage, also the Durable Functions task hub (same account).
      AzureWebJobsStorage__accountName: storageAccountName
      AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
      AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
      AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      // Service Bus (ticket-events topic), identity-based.
      ServiceBus__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
      ServiceBus__credential: 'managedidentity'
      ServiceBus__clientId: identityClientId
      // DefaultAzureCredential / ManagedIdentityCredential in app code pick the user-assigned identity.
      AZURE_CLIENT_ID: identityClientId
      // Telemetry: Application Insights with local auth disabled, so the host authenticates with Entra.
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      // ServiceDesk options (SectionName ServiceDesk:Auth).
      ServiceDesk__Auth__Issuer: authIssuer
      ServiceDesk__Auth__Audience: authAudience
      // Stated explicitly: the app refuses to start in Azure with development tokens on.
      ServiceDesk__Auth__DevelopmentTokens: 'false'
      // Email channel (ServiceDesk:Mail). From/Reply-To and Message-ID domain: the support mailbox.
      ServiceDesk__Mail__SupportAddress: mailSupportAddress
      ServiceDesk__Mail__MessageIdDomain: last(split(mailSupportAddress, '@'))
      ServiceDesk__Mail__InboundSigningKey: mailRequireInboundSignature ? inboundSigningKeyReference : ''
      // Outbound through the ACS SMTP relay; an empty host means no mail and no notification handler.
      ServiceDesk__Mail__Smtp__Host: smtpEnabled ? 'smtp.azurecomm.net' : ''
      ServiceDesk__Mail__Smtp__Port: '587'
      ServiceDesk__Mail__Smtp__Security: 'StartTls'
      ServiceDesk__Mail__Smtp__UserName: smtpEnabled ? smtpUserName : ''
      ServiceDesk__Mail__Smtp__Password: smtpEnabled ? smtpPasswordReference : ''
      // The support mailbox over IMAP; an empty host turns the MailboxPoll timer into a no-op.
      ServiceDesk__Mail__Imap__Host: imapHost
      ServiceDesk__Mail__Imap__Port: string(imapPort)
      ServiceDesk__Mail__Imap__Security: imapSecurity
      ServiceDesk__Mail__Imap__UserName: imapUserName
      ServiceDesk__Mail__Imap__Password: empty(imapHost) ? '' : imapPasswordReference
      ServiceDesk__Mail__Imap__Folder: imapFolder
      // Approvals and vendor workflows: the app refuses to start in Azure without the signing key.
      ServiceDesk__Workflows__LinkSigningKey: linkSigningKeyReference
      ServiceDesk__Workflows__PublicBaseUrl: !empty(publicBaseUrl) ? publicBaseUrl : 'https://${site.properties.defaultHostName}'
    }
  }
}

// No FTP or basic-auth publishing: azd deploys with an Entra token.
resource ftpPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output id string = site.id
output defaultHostName string = site.properties.defaultHostName
output planName string = plan.name
