//! The kind of an exemplar (`kind:` in front matter): a value type of the front matter, kept
//! here so that validation does not reach forward into the model for it.

/// Who is honored: an individual, a collective or a household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `ca-nhan`
    Individual,
    /// `tap-the`
    Collective,
    /// `ho-gia-dinh`
    Household,
}

impl Kind {
    /// Every kind, in display order.
    pub const ALL: [Kind; 3] = [Kind::Individual, Kind::Collective, Kind::Household];

    /// The front matter id.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Individual => "ca-nhan",
            Kind::Collective => "tap-the",
            Kind::Household => "ho-gia-dinh",
        }
    }

    /// The Vietnamese name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Individual => "Cá nhân",
            Kind::Collective => "Tập thể",
            Kind::Household => "Hộ gia đình",
        }
    }
}
