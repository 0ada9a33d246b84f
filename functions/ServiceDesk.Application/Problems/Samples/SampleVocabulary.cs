namespace ServiceDesk.Application.Problems.Samples;

/// <summary>The words the generator writes with: things users report problems with, symptoms, filler, and the
/// planted scenarios. Every entry has a Swedish and an English form.</summary>
internal static class SampleVocabulary
{
    public sealed record Thing(string Sv, string En, string Service, string Category, string? CiPrefix, int CiCount);

    public sealed record Phrase(string Sv, string En);

    /// <summary>A planted text scenario: title variants and sentences that all describe the same fault.</summary>
    public sealed record Scenario(Phrase[] Titles, Phrase[] Sentences);

    public static readonly Thing[] Things =
    [
        new("Skrivaren", "The printer", "Printing", "Hardware", "PRN", 40),
        new("Min bärbara dator", "My laptop", "Workplace", "Hardware", "LAP", 400),
        new("Skärmen", "The monitor", "Workplace", "Hardware", "MON", 300),
        new("Outlook", "Outlook", "E-mail", "Software", null, 0),
        new("Teams", "Teams", "Collaboration", "Software", null, 0),
        new("VPN-klienten", "The VPN client", "Remote access", "Network", null, 0),
        new("Trådlösa nätverket", "The wireless network", "Network", "Network", "AP", 60),
        new("SharePoint-sidan", "The SharePoint site", "Collaboration", "Software", null, 0),
        new("Excel", "Excel", "Office", "Software", null, 0),
        new("Word", "Word", "Office", "Software", null, 0),
        new("Mitt lösenord", "My password", "Identity", "Access", null, 0),
        new("Behörigheten till projektmappen", "Access to the project folder", "Identity", "Access", null, 0),
        new("Mobiltelefonen", "My mobile phone", "Mobile", "Hardware", "MOB", 300),
        new("Ekonomisystemet", "The finance system", "ERP", "Application", null, 0),
        new("HR-portalen", "The HR portal", "HR", "Application", null, 0),
        new("Intranätet", "The intranet", "Intranet", "Application", null, 0),
        new("Dockningsstationen", "The docking station", "Workplace", "Hardware", "DOC", 300),
        new("Headsetet", "My headset", "Workplace", "Hardware", null, 0),
        new("Kalendern", "The calendar", "E-mail", "Software", null, 0),
        new("OneDrive", "OneDrive", "Collaboration", "Software", null, 0),
        new("Webbläsaren", "The browser", "Workplace", "Software", null, 0),
        new("Tidrapporteringen", "Time reporting", "Time", "Application", null, 0),
        new("Skannern", "The scanner", "Printing", "Hardware", "SCN", 20),
        new("Projektorn i mötesrummet", "The meeting room projector", "Meeting rooms", "Hardware", "PRJ", 30),
        new("Kassasystemet", "The point-of-sale system", "Retail", "Application", "POS", 50),
        new("Lagersystemet", "The warehouse system", "Logistics", "Application", null, 0),
    ];

    public static readonly Phrase[] Symptoms =
    [
        new("startar inte", "won't start"),
        new("är väldigt långsam", "is very slow"),
        new("visar ett felmeddelande", "shows an error message"),
        new("kraschar hela tiden", "keeps crashing"),
        new("går inte att logga in i", "won't let me log in"),
        new("fryser", "freezes"),
        new("tappar anslutningen", "keeps losing the connection"),
        new("synkroniserar inte", "does not sync"),
        new("är borta", "has disappeared"),
        new("uppdateringen misslyckades", "update failed"),
        new("låter konstigt", "makes a strange noise"),
        new("visar fel datum", "shows the wrong date"),
        new("blinkar", "flickers"),
        new("är låst", "is locked"),
    ];

    public static readonly Phrase[] Openers =
    [
        new("Hej!", "Hi,"), new("Hej,", "Hello,"), new("Hejsan.", "Good morning."), new("", ""), new("", ""),
    ];

    public static readonly Phrase[] Details =
    [
        new("Jag har startat om datorn två gånger.", "I have restarted the computer twice."),
        new("Det började efter helgen.", "It started after the weekend."),
        new("Det händer bara ibland.", "It only happens sometimes."),
        new("Kollegan bredvid har inte samma sak.", "My neighbour at the desk does not have it."),
        new("Jag sitter i rum {n}.", "I am in room {n}."),
        new("Felkod 0x{h}.", "Error code 0x{h}."),
        new("Jag behöver det till ett kundmöte klockan {n}.", "I need it for a customer meeting at {n}."),
        new("Har testat att logga ut och in igen.", "Tried logging out and in again."),
        new("Jag jobbar hemifrån idag.", "Working from home today."),
        new("Det står att tjänsten inte svarar.", "It says the service is not responding."),
        new("Skärmdump bifogad.", "Screenshot attached."),
        new("Senaste veckan har det varit så.", "It has been like this for the last week."),
        new("Ring mig gärna på {n}.", "Please call me on extension {n}."),
        new("Inget brådskande.", "Not urgent."),
        new("Jag kan inte arbeta alls.", "I cannot work at all."),
        new("Vi har en deadline i morgon.", "We have a deadline tomorrow."),
    ];

    public static readonly Phrase[] Closers =
    [
        new("Tack på förhand!", "Thanks in advance!"), new("Mvh", "Regards"), new("", ""), new("Tack!", "Thanks!"),
    ];

    /// <summary>Text scenarios: one fault, reported in many ways, by users who classify it differently (or not at all).</summary>
    public static readonly Scenario[] TextScenarios =
    [
        new(
            [new("Excel fryser när jag öppnar filer från SharePoint", "Excel freezes when opening files from SharePoint"),
             new("Excel hänger sig vid öppning av SharePoint-dokument", "Excel hangs opening SharePoint documents"),
             new("SharePoint-filer låser Excel", "SharePoint files lock up Excel")],
            [new("Så fort jag öppnar en Excel-fil från SharePoint fryser programmet.", "As soon as I open an Excel file from SharePoint the program freezes."),
             new("Excel slutar svara och jag måste avsluta det i aktivitetshanteraren.", "Excel stops responding and I have to end it in Task Manager."),
             new("Lokala Excel-filer öppnas utan problem, bara SharePoint-filerna hänger.", "Local Excel files open fine, only the SharePoint files hang."),
             new("Det gäller alla dokument i teamets SharePoint-bibliotek.", "It affects every document in the team's SharePoint library.")]),
        new(
            [new("Outlook kraschar när jag öppnar PDF-bilagor", "Outlook crashes when opening PDF attachments"),
             new("PDF-bilaga får Outlook att krascha", "PDF attachment makes Outlook crash"),
             new("Outlook stängs ner vid förhandsgranskning av PDF", "Outlook closes when previewing a PDF")],
            [new("När jag klickar på en PDF-bilaga i Outlook stängs hela programmet.", "When I click a PDF attachment in Outlook the whole program closes."),
             new("Förhandsgranskningen av bilagan hinner inte visas innan Outlook kraschar.", "The attachment preview never shows before Outlook crashes."),
             new("Andra bilagor som Word-filer fungerar, bara PDF-bilagor kraschar Outlook.", "Other attachments like Word files work, only PDF attachments crash Outlook."),
             new("Outlook startar om och visar återställningsdialogen efter PDF-bilagan.", "Outlook restarts and shows the recovery dialog after the PDF attachment.")]),
        new(
            [new("Teams-möten bryts efter tio minuter", "Teams meetings drop after ten minutes"),
             new("Jag kastas ut ur Teams-mötet", "I get kicked out of Teams meetings"),
             new("Teamssamtal avbryts hela tiden", "Teams calls keep disconnecting")],
            [new("Mitt i Teams-mötet bryts ljud och bild och jag hamnar utanför mötet.", "In the middle of a Teams meeting audio and video drop and I end up outside the meeting."),
             new("Det sker efter ungefär tio minuter i varje möte.", "It happens after about ten minutes in every meeting."),
             new("Teams säger att mötesanslutningen förlorades.", "Teams says the meeting connection was lost."),
             new("Jag måste ansluta till mötet igen flera gånger per samtal.", "I have to rejoin the meeting several times per call.")]),
        new(
            [new("Kan inte skriva ut PDF från ekonomisystemet", "Cannot print to PDF from the finance system"),
             new("Fakturautskrift till PDF misslyckas", "Invoice print to PDF fails"),
             new("PDF-export av fakturor ger tomt dokument", "PDF export of invoices gives an empty document")],
            [new("När jag exporterar fakturan som PDF blir dokumentet tomt.", "When I export the invoice as PDF the document is empty."),
             new("Fakturorna ska skickas till kund i dag men PDF-exporten ger bara en tom sida.", "The invoices must go to the customer today but the PDF export gives a blank page."),
             new("Utskrift av fakturor på papper fungerar, bara PDF-exporten av fakturan är trasig.", "Printing invoices on paper works, only the invoice PDF export is broken.")]),
        new(
            [new("Inloggning med BankID till HR-portalen misslyckas", "BankID login to the HR portal fails"),
             new("BankID fungerar inte i HR-portalen", "BankID does not work in the HR portal"),
             new("HR-portalen avvisar min BankID-legitimering", "HR portal rejects my BankID login")],
            [new("Jag legitimerar mig med BankID men HR-portalen går tillbaka till inloggningssidan.", "I sign in with BankID but the HR portal returns to the login page."),
             new("BankID-appen säger att legitimeringen lyckades, portalen säger något annat.", "The BankID app says the login succeeded, the portal says otherwise."),
             new("Jag kommer inte åt lönebeskedet i HR-portalen utan BankID-inloggningen.", "I cannot reach my payslip in the HR portal without the BankID login.")]),
        new(
            [new("Kalenderinbjudningar från partner visar fel tidszon", "Calendar invites from partners show the wrong time zone"),
             new("Externa mötesinbjudningar hamnar en timme fel", "External meeting invites land one hour off"),
             new("Fel tid på möten från externa partner", "Wrong time on meetings from external partners")],
            [new("Inbjudningar från våra externa partner hamnar en timme fel i kalendern.", "Invites from our external partners land one hour off in the calendar."),
             new("Interna möten visas rätt, bara externa inbjudningar får fel tidszon.", "Internal meetings show correctly, only external invites get the wrong time zone."),
             new("Jag missade ett partnermöte på grund av tidszonen i inbjudan.", "I missed a partner meeting because of the time zone in the invite.")]),
        new(
            [new("OneDrive synkar inte skrivbordet efter uppdateringen", "OneDrive stopped syncing the desktop after the update"),
             new("Skrivbordsmappen synkroniseras inte längre i OneDrive", "Desktop folder no longer syncs in OneDrive"),
             new("OneDrive visar synkfel för skrivbordet", "OneDrive shows sync errors for the desktop")],
            [new("Efter gårdagens uppdatering synkar OneDrive inte skrivbordsmappen.", "After yesterday's update OneDrive does not sync the desktop folder."),
             new("Ikonen visar ett rött kryss på alla filer på skrivbordet.", "The icon shows a red cross on every file on the desktop."),
             new("Dokumentmappen synkar fortfarande, det är bara skrivbordet i OneDrive.", "The documents folder still syncs, it is only the desktop in OneDrive.")]),
        new(
            [new("Batteriet tar slut i viloläge efter BIOS-uppdatering", "Battery drains in sleep mode after BIOS update"),
             new("Datorn är urladdad på morgonen trots viloläge", "Laptop is flat in the morning despite sleep mode"),
             new("Viloläget tömmer batteriet", "Sleep mode empties the battery")],
            [new("Sedan BIOS-uppdateringen är batteriet helt urladdat efter en natt i viloläge.", "Since the BIOS update the battery is completely drained after a night in sleep mode."),
             new("Datorn blir varm i väskan fast den ska vara i viloläge.", "The laptop gets warm in the bag although it should be in sleep mode."),
             new("Innan BIOS-uppdateringen räckte batteriet flera dagar i viloläge.", "Before the BIOS update the battery lasted several days in sleep mode.")]),
    ];

    /// <summary>Volume scenarios: a shared component fails and many users report it in their own words.</summary>
    public static readonly (int Thing, Phrase[] Sentences)[] Outages =
    [
        (0, [new("Utskrifterna fastnar i kön.", "Print jobs get stuck in the queue."), new("Skrivaren på vår våning svarar inte.", "The printer on our floor does not respond."), new("Det blinkar orange på skrivaren.", "The printer blinks orange.")]),
        (5, [new("VPN går inte att ansluta hemifrån.", "VPN will not connect from home."), new("VPN-anslutningen bryts direkt.", "The VPN connection drops immediately."), new("Certifikatfel när VPN startar.", "Certificate error when VPN starts.")]),
        (6, [new("Wifi försvinner hela tiden i den här delen av huset.", "Wi-Fi keeps dropping in this part of the building."), new("Ingen trådlös anslutning vid mötesrummen.", "No wireless connection near the meeting rooms."), new("Nätverket är nere för alla här.", "The network is down for everyone here.")]),
        (13, [new("Ekonomisystemet svarar inte alls.", "The finance system does not respond at all."), new("Vi kan inte bokföra några fakturor.", "We cannot post any invoices."), new("Systemet ger timeout vid inloggning.", "The system times out at login.")]),
        (24, [new("Kassan kan inte ta betalt med kort.", "The till cannot take card payments."), new("Kassasystemet hänger sig vid kvittoutskrift.", "The POS hangs printing receipts."), new("Kunderna står i kö, kassan är nere.", "Customers are queuing, the till is down.")]),
        (3, [new("Outlook kan inte ansluta till servern.", "Outlook cannot connect to the server."), new("Ingen e-post kommer in.", "No e-mail is arriving."), new("Outlook visar frånkopplad.", "Outlook shows disconnected.")]),
    ];
}
