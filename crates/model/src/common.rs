//! Vocabulary shared by several resources.

use std::fmt;

/// A string that is not one of an enum's wire values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue(pub String);

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value `{}`", self.0)
    }
}

impl std::error::Error for UnknownValue {}

wire_enum! {
    /// A day of the week, spelled as Cal.com spells it.
    pub enum WeekDay {
        Monday = "Monday",
        Tuesday = "Tuesday",
        Wednesday = "Wednesday",
        Thursday = "Thursday",
        Friday = "Friday",
        Saturday = "Saturday",
        Sunday = "Sunday",
    }
}

wire_enum! {
    /// The 43 interface languages Cal.com accepts for users and attendees.
    pub enum Locale {
        Ar = "ar", Ca = "ca", De = "de", Es = "es", Eu = "eu", He = "he", Id = "id", Ja = "ja", Lv = "lv",
        Pl = "pl", Ro = "ro", Sr = "sr", Th = "th", Vi = "vi", Az = "az", Cs = "cs", El = "el",
        Es419 = "es-419", Fi = "fi", Hr = "hr", It = "it", Km = "km", Nl = "nl", Pt = "pt", Ru = "ru",
        Sv = "sv", Tr = "tr", ZhCn = "zh-CN", Bg = "bg", Da = "da", En = "en", Et = "et", Fr = "fr",
        Hu = "hu", Iw = "iw", Ko = "ko", No = "no", PtBr = "pt-BR", Sk = "sk", Ta = "ta", Uk = "uk",
        ZhTw = "zh-TW", Bn = "bn",
    }
}

wire_enum! {
    /// Sort direction: `asc` (earliest first) or `desc` (latest first).
    pub enum SortOrder {
        Asc = "asc",
        Desc = "desc",
    }
}

/// `take`/`skip` paging of list endpoints (Cal.com's `SkipTakePagination`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SkipTakeQuery {
    /// Maximum number of items to return: 1 to 250, default 250.
    #[param(minimum = 1, maximum = 250, example = 25)]
    pub take: Option<i64>,
    /// Number of items to skip, default 0.
    #[param(minimum = 0, example = 0)]
    pub skip: Option<i64>,
}
