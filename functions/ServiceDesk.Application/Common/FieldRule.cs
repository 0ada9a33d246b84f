namespace ServiceDesk.Application.Common;

/// <summary>
/// What a field error is about, independent of its English message: the client reads the rule (with the field's path
/// and the error's <see cref="FieldError.Args"/>) and shows the text of the rule from the text catalogue
/// (<see cref="TextCatalog"/>) in the user's language. Serialized camelCase (<c>tooLong</c>); a rule once published
/// keeps its name. Every value must have Swedish and English texts in <c>Texts.json</c> (a unit test checks).
/// </summary>
public enum FieldRule
{
    /// <summary>The field is missing or empty.</summary>
    Required,
    /// <summary>Longer than <c>{max}</c> characters.</summary>
    TooLong,
    /// <summary>Contains control characters.</summary>
    ControlCharacters,
    /// <summary>Not a value this field accepts (the fallback when no more precise rule fits).</summary>
    Invalid,
    /// <summary>Not one of the allowed names (<c>{allowed}</c>).</summary>
    NotAllowed,
    /// <summary>Not a valid email address.</summary>
    Email,
    /// <summary>Outside <c>{min}</c> to <c>{max}</c>.</summary>
    Range,
    /// <summary>Characters an identifier may not contain.</summary>
    Identifier,
    /// <summary>Not a duration such as 04:00:00.</summary>
    Duration,
    /// <summary>More than <c>{max}</c> items.</summary>
    TooMany,
    /// <summary>The same value is given twice.</summary>
    Duplicate,
    /// <summary>A property the contract does not define.</summary>
    UnknownProperty,
    /// <summary>Not a date or time in the documented format.</summary>
    Date,
    /// <summary>Refers to something that does not exist or that the caller cannot see (customer, vendor, item).</summary>
    Unknown,
    /// <summary>Not allowed for the caller's role (e.g. an end user setting another customer).</summary>
    Forbidden,
    /// <summary>Conflicts with another field of the same request.</summary>
    Inconsistent,
    /// <summary>Wrong JSON type or not valid JSON.</summary>
    Type,
    /// <summary>A file larger than <c>{maxMiB}</c> MiB.</summary>
    TooLarge,
}
