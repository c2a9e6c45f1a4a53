"""The e-mail rule: one address, one spelling, so that a look-alike of a user's is refused.

1. NFKC first: compatibility forms become the letters they look like (a fullwidth "ada",
   U+FF41 U+FF44 U+FF41, is `ada`; the ligature U+FB01 is `fi`), so a look-alike made of them
   is the address it copies, and the unique index refuses it (a 409). Then the usual syntax
   check (email-validator, which also maps the domain through IDNA), then lower case.
2. One script per part: the local part, and each label of the domain, are written in one
   script (letters only count; digits and punctuation belong to all). "ada" with a Cyrillic
   "a" (U+0430), in the local part or in `example.com`, is refused (a 400): it is no user's
   address, it imitates one. As at Unicode's "highly restrictive" level (UTS #39), Latin may
   go with Han and the Japanese kana, or with Han and Bopomofo, or with Han and Hangul.
3. RFC 5321's lengths, in UTF-8 octets: local part <= 64, domain <= 255, address <= 254 (what
   fits a 256-octet path with its angle brackets).

What it does not catch: an address written wholly in another script (all Cyrillic letters that
look Latin) is one script, and allowed.
"""

import unicodedata

LOCAL_PART_OCTETS = 64
DOMAIN_OCTETS = 255
ADDRESS_OCTETS = 254

# The first word of a letter's Unicode name is its script, but for these names of their own.
SCRIPT_OF = {"CJK": "HAN", "IDEOGRAPHIC": "HAN", "KATAKANA-HIRAGANA": "KATAKANA"}
# The mixes UTS #39 allows at its "highly restrictive" level, beside a single script.
MIXES = [
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
]


def normalised(value: object) -> object:
    """NFKC of a string (what pydantic validates next); anything else as it came."""
    return unicodedata.normalize("NFKC", value) if isinstance(value, str) else value


def checked(address: str) -> str:
    """The address if it keeps the rule's lengths and scripts; else ValueError saying why."""
    local, _, domain = address.rpartition("@")
    if len(local.encode()) > LOCAL_PART_OCTETS:
        raise ValueError(f"the part before the @ is longer than {LOCAL_PART_OCTETS} octets")
    if len(domain.encode()) > DOMAIN_OCTETS:
        raise ValueError(f"the domain is longer than {DOMAIN_OCTETS} octets")
    if len(address.encode()) > ADDRESS_OCTETS:
        raise ValueError(f"the address is longer than {ADDRESS_OCTETS} octets")
    for part in [local, *domain.split(".")]:
        if mixed(part):
            raise ValueError(f"{part!r} mixes scripts ({', '.join(sorted(scripts(part)))})")
    return address


def mixed(text: str) -> bool:
    found = scripts(text)
    return len(found) > 1 and not any(found <= mix for mix in MIXES)


def scripts(text: str) -> set[str]:
    """The scripts of the letters in `text`, from their Unicode names."""
    found = set()
    for character in text:
        if unicodedata.category(character).startswith("L"):
            first = unicodedata.name(character, "UNKNOWN").split(" ")[0]
            found.add(SCRIPT_OF.get(first, first))
    return found
