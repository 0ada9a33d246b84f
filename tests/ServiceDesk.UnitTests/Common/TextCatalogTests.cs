using System.Reflection;
using System.Text.RegularExpressions;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.Common;

/// <summary>
/// Every code the code can produce has a Swedish and an English text: field rules and fixed problem codes by
/// reflection, the codes written at their throw sites by reading the source, activity codes by enumerating every
/// entry type and status.
/// </summary>
public sealed partial class TextCatalogTests
{
    private static readonly TextCatalog Catalog = TextCatalog.Default;

    [Fact]
    public void Every_field_rule_has_swedish_and_english_texts()
    {
        foreach (var rule in Enum.GetValues<FieldRule>())
        {
            AssertBilingual(Catalog.FieldRules, FieldError.Name(rule));
        }
    }

    [Fact]
    public void Every_fixed_problem_code_has_swedish_and_english_texts()
    {
        var codes = typeof(ProblemCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Contains(ProblemCodes.ValidationFailed, codes);
        foreach (var code in codes)
        {
            AssertBilingual(Catalog.Problems, code);
        }
    }

    [Fact]
    public void Every_problem_code_written_at_a_throw_site_or_in_a_code_constant_has_swedish_and_english_texts()
    {
        var functions = Path.Combine(RepositoryRoot(), "functions");
        var codes = Directory.EnumerateFiles(functions, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => ThrowSiteCode().Matches(File.ReadAllText(f)).Select(m => m.Groups["code"].Value))
            .Distinct().ToList();
        Assert.Contains("ticket.illegal-transition", codes);
        foreach (var code in codes)
        {
            AssertBilingual(Catalog.Problems, code);
        }
    }

    [Fact]
    public void Every_system_written_activity_has_swedish_and_english_texts()
    {
        var entries = Enum.GetValues<ActivityType>().Select(type => Entry(type, new Dictionary<string, string>()))
            .Concat(Enum.GetValues<TicketStatus>().Select(status => Entry(ActivityType.StatusChanged, new() { ["from"] = "New", ["to"] = status.ToString() })))
            .Concat(ActivityTexts.ApprovalEvents.Select(kind => Entry(ActivityType.WorkflowStep, new() { ["workflow"] = "approval", ["event"] = kind })))
            .Concat(ActivityTexts.VendorEvents.Select(kind => Entry(ActivityType.WorkflowStep, new() { ["workflow"] = "vendor", ["event"] = kind })));
        foreach (var entry in entries)
        {
            var (code, _) = ActivityTexts.CodeOf(entry);
            if (entry.Type is ActivityType.Comment or ActivityType.InternalNote)
            {
                Assert.Null(code);
                continue;
            }
            Assert.NotNull(code);
            AssertBilingual(Catalog.Activities, code);
        }
    }

    [Fact]
    public void An_activity_entry_reads_in_both_languages_with_its_args_filled_in()
    {
        var resolved = ActivityTexts.Describe(Entry(ActivityType.StatusChanged, new() { ["from"] = "InProgress", ["to"] = "Resolved" }));
        Assert.Equal("activity.status.resolved", resolved!.Code);
        Assert.Equal(new BilingualText("Status ändrad till Löst.", "Status changed to Resolved."), resolved.Text);

        var linked = ActivityTexts.Describe(Entry(ActivityType.LinkAdded, new() { ["type"] = "Related", ["target"] = "INC-000042" }));
        Assert.Equal("INC-000042", linked!.Args["target"]);
        Assert.Contains("INC-000042", linked.Text.Sv, StringComparison.Ordinal);
        Assert.Contains("INC-000042", linked.Text.En, StringComparison.Ordinal);

        Assert.Null(ActivityTexts.Describe(Entry(ActivityType.Comment, new())));
    }

    [Fact]
    public void Every_field_a_ticket_or_survey_form_sends_has_a_label()
    {
        var inputs = new[] { typeof(CreateTicketInput), typeof(UpdateTicketInput), typeof(CommentInput), typeof(TransitionInput), typeof(LinkInput), typeof(WatcherInput), typeof(ServiceDesk.Application.Surveys.SurveyInput) };
        foreach (var property in inputs.SelectMany(t => t.GetProperties()))
        {
            AssertBilingual(Catalog.Fields, char.ToLowerInvariant(property.Name[0]) + property.Name[1..]);
        }
        foreach (var property in typeof(RequesterInput).GetProperties())
        {
            AssertBilingual(Catalog.Fields, "requester." + char.ToLowerInvariant(property.Name[0]) + property.Name[1..]);
        }
    }

    [Fact]
    public void Rule_texts_use_only_the_placeholders_their_rule_provides()
    {
        var provided = new Dictionary<string, string[]>
        {
            ["tooLong"] = ["max"], ["tooMany"] = ["max"], ["range"] = ["min", "max"], ["tooLarge"] = ["maxMiB"],
        };
        foreach (var (rule, text) in Catalog.FieldRules)
        {
            var allowed = provided.GetValueOrDefault(rule, []).Append("field").ToHashSet();
            foreach (var placeholder in Placeholder().Matches(text.Sv + text.En).Select(m => m.Groups[1].Value))
            {
                Assert.True(allowed.Contains(placeholder), $"The text of '{rule}' uses {{{placeholder}}}, which the rule does not provide.");
            }
        }
    }

    [Fact]
    public void A_field_error_reads_in_both_languages_with_label_and_args()
    {
        var errors = new FieldErrors();
        errors.Text("title", new string('x', 201), 200, required: true);
        var error = Assert.Single(Assert.Throws<ValidationException>(errors.ThrowIfAny).FieldErrors);

        var text = Catalog.FieldError(error);

        Assert.Equal("Rubrik får vara högst 200 tecken.", text.Sv);
        Assert.Equal("Title must be at most 200 characters.", text.En);
    }

    [Fact]
    public void The_etag_is_stable_for_the_same_catalogue()
    {
        Assert.Matches("^\"[0-9a-f]{16}\"$", Catalog.ETag);
        Assert.Equal(Catalog.ETag, TextCatalog.Default.ETag);
    }

    private static Activity Entry(ActivityType type, Dictionary<string, string> data) =>
        new(1, type, Actor.System, DateTimeOffset.UnixEpoch, null, data);

    private static void AssertBilingual(IReadOnlyDictionary<string, BilingualText> section, string code)
    {
        Assert.True(section.TryGetValue(code, out var text), $"'{code}' has no texts in Texts.json.");
        Assert.False(string.IsNullOrWhiteSpace(text!.Sv), $"'{code}' has no Swedish text.");
        Assert.False(string.IsNullOrWhiteSpace(text.En), $"'{code}' has no English text.");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ServiceDesk.Functions.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("The tests must run from a build inside the repository.");
    }

    [GeneratedRegex(@"new\s+(?:ConflictException|DomainRuleException|TryLaterException|TooManyRequestsException)\(\s*""(?<code>[^""]+)""|const\s+string\s+\w*Code\s*=\s*""(?<code>[^""]+)""")]
    private static partial Regex ThrowSiteCode();

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
