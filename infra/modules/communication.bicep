// Azure Communication Services with an Email Communication Service and an Azure-managed domain
// (DoNotReply@<guid>.azurecomm.net), which the app reaches through the SMTP relay
// (smtp.azurecomm.net:587, STARTTLS). SMTP authentication is an Entra application and its
// secret; the application cannot be created from Bicep, so the SMTP username resource is only
// created when its id is passed in (see infra/README.md).

param communicationServiceName string
param emailServiceName string

@description('Where ACS stores data at rest, e.g. Europe, United States, Switzerland.')
param dataLocation string

param tags object

@description('Client (application) id of the Entra app used for SMTP AUTH. Empty: create no SMTP username yet.')
param smtpEntraApplicationId string = ''

@description('SMTP username to create for that app. Empty: ACS accepts <resource>.<appId>.<tenantId>.')
param smtpUsername string = ''

resource emailService 'Microsoft.Communication/emailServices@2025-09-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }

  resource azureManagedDomain 'domains' = {
    name: 'AzureManagedDomain'
    location: 'global'
    tags: tags
    properties: {
      domainManagement: 'AzureManaged'
      userEngagementTracking: 'Disabled'
    }
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-09-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    // Access keys off: the SMTP relay authenticates with an Entra application, not a key.
    disableLocalAuth: true
    linkedDomains: [
      emailService::azureManagedDomain.id
    ]
  }
}

resource smtpUser 'Microsoft.Communication/communicationServices/smtpUsernames@2025-09-01' = if (!empty(smtpEntraApplicationId) && !empty(smtpUsername)) {
  parent: communicationService
  name: 'servicedesk'
  properties: {
    entraApplicationId: smtpEntraApplicationId
    tenantId: tenant().tenantId
    username: smtpUsername
  }
}

output communicationServiceName string = communicationService.name
output communicationServiceId string = communicationService.id
output senderDomain string = emailService::azureManagedDomain.properties.mailFromSenderDomain
output senderAddress string = 'DoNotReply@${emailService::azureManagedDomain.properties.mailFromSenderDomain}'
output smtpUsername string = empty(smtpEntraApplicationId)
  ? ''
  : (empty(smtpUsername) ? '${communicationService.name}.${smtpEntraApplicationId}.${tenant().tenantId}' : smtpUsername)
