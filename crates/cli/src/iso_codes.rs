//! Compact code lists for lint: ISO 3166-1 alpha-2 countries, ISO 4217
//! currencies, and BCP 47 primary language subtags (ISO 639-1 plus the
//! three-letter ones shops actually use). Kept as text, not a crate: a few KB,
//! no dependency, and a lint that is a year behind on a new currency only
//! warns too eagerly, it never lets a bad manifest through the verifier.

/// ISO 3166-1 alpha-2, officially assigned (249). `UK` and `EU` are not in it:
/// the United Kingdom is `GB`, and markets are countries.
const COUNTRIES: &str = "\
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ \
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ \
DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR \
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY \
HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP \
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY \
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
NA NC NE NF NG NI NL NO NP NR NU NZ OM \
PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW \
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ \
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ \
VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// ISO 4217 currencies in circulation. Funds, precious metals and test codes
/// (XAU, XTS, XXX…) are left out: no shop charges in them.
const CURRENCIES: &str = "\
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL \
BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD \
EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS \
INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD \
LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK \
NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK \
SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS \
UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL";

/// ISO 639-1 (183 two-letter codes), the primary subtag of most BCP 47 tags.
const LANGUAGES_2: &str = "\
aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs \
ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu \
fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz \
ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky \
la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my \
na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu \
rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw \
ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// Three-letter primary subtags for languages without a two-letter code that
/// storefronts do serve (BCP 47 uses the shortest ISO 639 code available).
const LANGUAGES_3: &str = "\
ast bho ceb chr ckb fil gsw haw hmn ilo kok mai mni nds nso sat sco sgs szl yue";

fn listed(list: &str, code: &str) -> bool {
    list.split_ascii_whitespace()
        .any(|c| c.eq_ignore_ascii_case(code))
}

/// An ISO 3166-1 alpha-2 country (case-insensitive, as markets are matched).
pub fn is_country(code: &str) -> bool {
    code.len() == 2 && listed(COUNTRIES, code)
}

/// An ISO 4217 currency in circulation (upper case, as written everywhere).
pub fn is_currency(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) && listed(CURRENCIES, code)
}

/// A BCP 47 tag whose primary language subtag is known and whose region subtag,
/// when it is two letters, is a country. Scripts and variants are not checked.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    let known = match primary.len() {
        2 => listed(LANGUAGES_2, primary),
        3 => listed(LANGUAGES_3, primary),
        _ => false,
    };
    known
        && parts.all(|p| {
            !p.is_empty()
                && p.len() <= 8
                && p.bytes().all(|b| b.is_ascii_alphanumeric())
                && !(p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()) && !is_country(p))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_sizes() {
        assert_eq!(COUNTRIES.split_ascii_whitespace().count(), 249);
        assert_eq!(LANGUAGES_2.split_ascii_whitespace().count(), 183);
        for list in [COUNTRIES, CURRENCIES, LANGUAGES_2, LANGUAGES_3] {
            let mut codes: Vec<&str> = list.split_ascii_whitespace().collect();
            let sorted = codes.clone();
            codes.sort_unstable();
            assert_eq!(codes, sorted, "keep the lists sorted");
            codes.dedup();
            assert_eq!(codes.len(), sorted.len(), "no duplicates");
        }
    }

    #[test]
    fn lookups() {
        assert!(is_country("DE") && is_country("jp") && is_country("GB"));
        assert!(!is_country("UK") && !is_country("EU") && !is_country("DEU"));
        assert!(
            is_currency("EUR") && is_currency("JPY") && !is_currency("eur") && !is_currency("EURO")
        );
        for ok in [
            "de",
            "en-US",
            "zh-Hant-TW",
            "es-419",
            "fil",
            "yue-HK",
            "pt_BR",
        ] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "xx", "english", "en-XX", "de-", "jp"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
