namespace ServiceDesk.UnitTests.Knowledge;

/// <summary>One labelled question: what a user typed, and the article that answers it (or <c>null</c> for "none").</summary>
public sealed record EvaluationQuestion(string Language, string Title, string Description, string? Expected);

/// <summary>
/// Questions written as users write them (typos, missing å/ä/ö, mixed Swedish and English, short and
/// rambling), labelled against <see cref="KnowledgeSeed"/>. Written before the engine was tuned; the
/// labels were not changed to suit it. A null label means the knowledge base does not answer it and
/// nothing must be suggested.
/// </summary>
public static class KnowledgeEvaluationSet
{
    private const string? None = null;

    public static IReadOnlyList<EvaluationQuestion> Questions { get; } =
    [
        // Swedish, often without diacritics or with typos.
        new("sv", "vpn funkar inte hemma", "kommer inte åt nätverket hemifrån, vad ska jag göra", "KB-VPN-CONNECT"),
        new("sv", "vpn:en tappar hela tiden", "varje gång jag jobbar hemifran så bryts vpn efter typ 5 min, galet irriterande", "KB-VPN-DROPS"),
        new("sv", "glömt losenord", "", "KB-PWD-RESET"),
        new("sv", "har glömt mitt lösenord", "kan inte logga in på datorn", "KB-PWD-RESET"),
        new("sv", "kontot last", "det står att mitt konto är låst nar jag försöker logga in", "KB-ACCOUNT-LOCKED"),
        new("sv", "lösenordet går ut snart", "hur byter jag", "KB-PWD-EXPIRED"),
        new("sv", "ny mobil authenticator", "jag har köpt ny telefon, hur får jag över authenticator appen?", "KB-MFA-NEWPHONE"),
        new("sv", "får ingen notis i authenticatorn", "när jag loggar in kommer ingen förfrågan i appen", "KB-MFA-NOPROMPT"),
        new("sv", "bankid funkar inte i portalen", "kan inte logga in med bank id i självservice", "KB-BANKID-LOGIN"),
        new("sv", "hur lägger jag till skrivare", "", "KB-PRINTER-ADD"),
        new("sv", "skrivaren syns inte", "ny på plan 3, hittar inte skrivaren på min dator", "KB-PRINTER-ADD"),
        new("sv", "utskriften fastnar", "mina dokument ligger bara kvar i kön och inget kommer ut ur skrivarn", "KB-PRINTER-QUEUE"),
        new("sv", "hur skriver man ut med passerkortet", "", "KB-PRINT-FOLLOWME"),
        new("sv", "skanna dokument till mejlen", "hur scannar jag ett papper så det hamnar i min mail", "KB-SCAN-TO-MAIL"),
        new("sv", "signatur outlook", "hur lägger jag in min signatur i mejlen", "KB-OUTLOOK-SIGNATURE"),
        new("sv", "behöver komma åt gemensam brevlåda", "vi har en support brevlåda som jag måste kunna läsa", "KB-SHARED-MAILBOX"),
        new("sv", "outlook kraschar hela tiden", "sen uppdateringen igår stängs outlook direkt när jag öppnar det", "KB-OUTLOOK-CRASH"),
        new("sv", "kan inte skicka mejl", "inkorgen är full", "KB-MAILBOX-FULL"),
        new("sv", "misstänkt mejl", "fick ett konstigt mejl som ber mig logga in på en länk, är det bedrägeri?", "KB-PHISHING"),
        new("sv", "hörs inget i teams", "ingen hör mig i teamsmöten, mikrofonen verkar inte funka med mitt headset", "KB-TEAMS-AUDIO"),
        new("sv", "bjuda in extern person i teams", "", "KB-TEAMS-EXTERNAL"),
        new("sv", "teams är jättesegt", "teams laggar och visar gamla chattar", "KB-TEAMS-CACHE"),
        new("sv", "onedrive synkar inte", "rött kryss på molnet", "KB-ONEDRIVE-SYNC"),
        new("sv", "råkade radera en fil", "tog bort en viktig excelfil från onedrive, går den att få tillbaka?", "KB-ONEDRIVE-RESTORE"),
        new("sv", "åtkomst nekad sharepoint", "får inte öppna projektsidan på sharepoint", "KB-SHAREPOINT-ACCESS"),
        new("sv", "beställa ny laptop", "min dator är 5 år gammal, hur beställer jag en ny?", "KB-LAPTOP-ORDER"),
        new("sv", "datorn är så seg", "allt tar evigheter att starta", "KB-LAPTOP-SLOW"),
        new("sv", "bitlocker nyckel", "datorn vill ha en återställningsnyckel när jag startar", "KB-BITLOCKER"),
        new("sv", "eduroam", "hur ansluter jag till eduroam på mobilen", "KB-WIFI-EDUROAM"),
        new("sv", "wifi för besökare", "vi har en gäst imorgon som behöver internet", "KB-WIFI-GUEST"),
        new("sv", "tappar wifi på kontoret", "trådlösa nätet på jobbet försvinner hela tiden", "KB-WIFI-OFFICE"),
        new("sv", "skärmen är svart", "andra skärmen funkar inte när jag kopplar in dockan", "KB-DOCK-SCREEN"),
        new("sv", "intune registrera telefon", "hur får jag jobbmejlen i min privata mobil", "KB-PHONE-INTUNE"),
        new("sv", "tappat jobbtelefonen", "min mobil blev stulen på tåget, vad gör jag med simkortet", "KB-PHONE-ORDER"),
        new("sv", "installera program", "hur installerar jag visio, får inte installera själv", "KB-SOFTWARE-INSTALL"),
        new("sv", "adminrättigheter", "behöver lokal admin för att installera utvecklingsverktyg", "KB-ADMIN-RIGHTS"),
        new("sv", "kan inte redigera pdf", "behöver kunna ändra i en pdf, har bara acrobat reader", "KB-ADOBE-LICENSE"),
        new("sv", "nyanställd börjar måndag", "vi har en ny medarbetare som börjar, hur fixar vi dator och konto", "KB-NEW-EMPLOYEE"),
        new("sv", "G: enheten saknas", "hittar inte den gemensamma mappen på g", "KB-FILESHARE"),
        new("sv", "datorn vill starta om hela tiden pga uppdateringar", "", "KB-WINDOWS-UPDATE"),
        new("sv", "boka mötesrum med teams", "hur startar jag möte på skärmen i konferensrummet", "KB-MEETING-ROOM"),
        new("sv", "citrix hänger sig", "ekonomisystemet fryser i citrix", "KB-CITRIX"),
        new("sv", "min laptop är stulen", "blev bestulen på datorn på cafét", "KB-LOST-LAPTOP"),
        new("sv", "vilket nummer har servicedesk", "när har ni öppet?", "KB-SERVICEDESK-CONTACT"),
        new("sv", "webbkameran funkar inte", "kameran är svart i teams", "KB-CAMERA-WEBCAM"),
        new("sv", "behöver ny mus", "musen har gått sönder, var får jag en ny", "KB-KEYBOARD-MOUSE"),
        new("sv", "hur återställer jag lösenrodet", "", "KB-PWD-RESET"),
        new("sv", "natverksskrivare", "hur installerar jag en natverksskrivare", "KB-PRINTER-ADD"),

        // English.
        new("en", "cant connect to vpn", "working from home and globalprotect wont connect", "KB-VPN-CONNECT"),
        new("en", "forgot my pasword", "", "KB-PWD-RESET"),
        new("en", "account locked out", "", "KB-ACCOUNT-LOCKED"),
        new("en", "new phone authenticator", "got a new iphone, how do i move my mfa", "KB-MFA-NEWPHONE"),
        new("en", "how do i add a printer", "", "KB-PRINTER-ADD"),
        new("en", "outlook keeps crashing", "", "KB-OUTLOOK-CRASH"),
        new("en", "teams mic not working", "nobody can hear me in meetings", "KB-TEAMS-AUDIO"),
        new("en", "onedrive not syncing", "red x on the icon", "KB-ONEDRIVE-SYNC"),
        new("en", "second monitor not detected", "docking station, screen stays black", "KB-DOCK-SCREEN"),
        new("en", "need to install software", "how do i get a program installed on my laptop", "KB-SOFTWARE-INSTALL"),
        new("en", "wifi guest access for visitor", "", "KB-WIFI-GUEST"),
        new("en", "report a phishing email", "", "KB-PHISHING"),
        new("en", "shared mailbox access", "need access to the finance shared mailbox", "KB-SHARED-MAILBOX"),
        new("en", "laptop stolen", "my laptop was stolen from my car", "KB-LOST-LAPTOP"),
        new("en", "service desk opening hours", "", "KB-SERVICEDESK-CONTACT"),
        new("en", "bitlocker recovery key", "screen asks for a recovery key after bios update", "KB-BITLOCKER"),

        // Mixed Swedish and English.
        new("sv", "outlook signature funkar inte på mobilen", "", "KB-OUTLOOK-SIGNATURE"),
        new("sv", "printern skriver inte ut", "jobben stuck i queue", "KB-PRINTER-QUEUE"),
        new("en", "eduroam funkar inte after password change", "", "KB-WIFI-EDUROAM"),
        new("sv", "onedrive sync error", "filerna synkar inte, för långt filnamn?", "KB-ONEDRIVE-SYNC"),

        // Rambling.
        new("sv", "kan inte jobba hemifrån",
            "Hej! Jag sitter hemma idag eftersom barnen är sjuka och försökte koppla upp mig mot jobbet men det där vpn-programmet (globalprotekt?) bara snurrar och sen kommer det ett fel. Har startat om datorn två gånger. Tacksam för hjälp /Anna",
            "KB-VPN-CONNECT"),
        new("en", "urgent - nobody can hear me",
            "Hi, so I was in a meeting this morning and suddenly nobody could hear me, the headset works on my phone so it's not the headset I think. Could you help? It's quite urgent since I have customer calls all afternoon.",
            "KB-TEAMS-AUDIO"),

        // Not covered by the knowledge base: nothing may be suggested.
        new("sv", "när betalas lönen ut", "lönen har inte kommit in på kontot", None),
        new("sv", "vad blir det för lunch idag", "", None),
        new("sv", "parkeringstillstånd", "hur får jag parkeringskort till garaget", None),
        new("en", "how many vacation days do I have left", "", None),
        new("en", "expense report", "how do I submit an expense report for my travel", None),
        new("sv", "kaffemaskinen är trasig", "på plan 4 kommer det inget kaffe", None),
        new("en", "book a flight for business trip", "", None),
        new("sv", "friskvårdsbidrag", "hur mycket friskvårdsbidrag får man och hur ansöker jag", None),
        new("en", "the toilet on floor 3 is leaking", "", None),
        new("sv", "sjukanmälan", "hur sjukanmäler jag mig", None),
        new("en", "can I bring my dog to the office", "", None),
        new("sv", "julfesten", "när är julfesten i år och var", None),
        new("en", "SAP purchase order approval stuck", "my purchase order in SAP is waiting for approval", None),
        new("sv", "ändra min adress i personalsystemet", "har flyttat, var ändrar jag adressen", None),
    ];
}
