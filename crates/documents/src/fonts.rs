//! The fonts documents are set in, loaded at run time from files.
//!
//! Two families: a Latin one (DejaVu Sans, Debian `fonts-dejavu-core`) and a
//! CJK one (Noto Sans CJK, Debian `fonts-noto-cjk`, a `.ttc` collection of
//! which the Japanese and the Simplified Chinese faces are used, so that a
//! character shared by both languages is drawn the way its reader expects).
//! Noto Sans CJK also covers every Vietnamese letter, so documents for a
//! Japanese or Chinese reader are set in it throughout and look of one
//! piece; documents for a Vietnamese or English reader are set in DejaVu
//! Sans. Either falls back to the other, character by character, for what
//! it lacks (see [`crate::layout`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kernel::Locale;
use rustybuzz::ttf_parser;

use crate::Error;

/// Where Debian installs the fonts [`Fonts::system`] uses.
pub mod debian {
    /// DejaVu Sans, package `fonts-dejavu-core`.
    pub const LATIN: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    /// DejaVu Sans Bold, package `fonts-dejavu-core`.
    pub const LATIN_BOLD: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    /// Noto Sans CJK (a collection), package `fonts-noto-cjk`.
    pub const CJK: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    /// Noto Sans CJK Bold (a collection), package `fonts-noto-cjk`.
    pub const CJK_BOLD: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
    /// The package of the Latin fonts.
    pub const LATIN_PACKAGE: &str = "fonts-dejavu-core";
    /// The package of the CJK fonts.
    pub const CJK_PACKAGE: &str = "fonts-noto-cjk";
}

/// The font files to load: each may be a single font or a collection. A
/// missing bold file means the regular one is used for bold text too.
#[derive(Clone, Debug)]
pub struct FontFiles {
    /// A font for Latin script that covers Vietnamese.
    pub latin: PathBuf,
    /// Its bold weight.
    pub latin_bold: Option<PathBuf>,
    /// A font for Japanese and Chinese; in a collection the faces named
    /// `… JP` and `… SC` are picked, else the first face serves both.
    pub cjk: PathBuf,
    /// Its bold weight.
    pub cjk_bold: Option<PathBuf>,
}

impl FontFiles {
    /// The fonts Debian installs with `fonts-dejavu-core` and `fonts-noto-cjk`.
    pub fn debian() -> Self {
        Self {
            latin: debian::LATIN.into(),
            latin_bold: Some(debian::LATIN_BOLD.into()),
            cjk: debian::CJK.into(),
            cjk_bold: Some(debian::CJK_BOLD.into()),
        }
    }
}

/// One face of a font file: the bytes (shared with the other faces of a
/// collection) and the face as krilla embeds it.
#[derive(Clone)]
pub(crate) struct Face {
    pub(crate) data: Arc<Vec<u8>>,
    pub(crate) index: u32,
    pub(crate) font: krilla::text::Font,
}

impl Face {
    fn new(path: &Path, data: &Arc<Vec<u8>>, index: u32) -> Result<Self, Error> {
        let font = krilla::text::Font::new(krilla::Data::from(Arc::clone(data)), index)
            .ok_or_else(|| Error::FontInvalid {
                path: path.to_owned(),
            })?;
        Ok(Self {
            data: Arc::clone(data),
            index,
            font,
        })
    }
}

/// A regular and a bold face of one family.
#[derive(Clone)]
pub(crate) struct Family {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
}

/// The fonts to set documents in. Loading reads some 40 MB of font files:
/// load once and share (`Fonts` is cheap to clone); only the glyphs a
/// document uses are embedded in it.
#[derive(Clone)]
pub struct Fonts {
    latin: Family,
    japanese: Family,
    chinese: Family,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts").finish_non_exhaustive()
    }
}

impl Fonts {
    /// The fonts of a Debian system ([`FontFiles::debian`]); a missing file
    /// is reported with the package that installs it.
    pub fn system() -> Result<Self, Error> {
        Self::installed(FontFiles::debian())
    }

    /// The system's fonts, read on first use and kept for the life of the
    /// process (a server reads the 20 MB of CJK fonts once); the error
    /// says which package to install.
    pub fn shared() -> Result<Self, String> {
        static FONTS: std::sync::OnceLock<Result<Fonts, String>> = std::sync::OnceLock::new();
        FONTS
            .get_or_init(|| Self::system().map_err(|e| e.to_string()))
            .clone()
    }

    /// Loads Debian's files from wherever `files` says, reporting a
    /// missing one with its package; missing bold files are let go.
    fn installed(files: FontFiles) -> Result<Self, Error> {
        for (path, package) in [
            (&files.latin, debian::LATIN_PACKAGE),
            (&files.cjk, debian::CJK_PACKAGE),
        ] {
            if !path.exists() {
                return Err(Error::FontMissing {
                    package,
                    path: path.clone(),
                });
            }
        }
        let files = FontFiles {
            latin_bold: files.latin_bold.filter(|p| p.exists()),
            cjk_bold: files.cjk_bold.filter(|p| p.exists()),
            ..files
        };
        Self::from_files(&files)
    }

    /// Loads the given files.
    pub fn from_files(files: &FontFiles) -> Result<Self, Error> {
        let latin = read(&files.latin)?;
        let latin_bold = files.latin_bold.as_deref().map(read).transpose()?;
        let cjk = read(&files.cjk)?;
        let cjk_bold = files.cjk_bold.as_deref().map(read).transpose()?;

        let latin_regular = Face::new(&files.latin, &latin, 0)?;
        let latin = Family {
            bold: match (&files.latin_bold, &latin_bold) {
                (Some(path), Some(data)) => Face::new(path, data, 0)?,
                _ => latin_regular.clone(),
            },
            regular: latin_regular,
        };
        let cjk_family = |suffix: &str| -> Result<Family, Error> {
            let regular = Face::new(&files.cjk, &cjk, face_index(&cjk, suffix))?;
            let bold = match (&files.cjk_bold, &cjk_bold) {
                (Some(path), Some(data)) => Face::new(path, data, face_index(data, suffix))?,
                _ => regular.clone(),
            };
            Ok(Family { regular, bold })
        };
        Ok(Self {
            latin,
            japanese: cjk_family(" JP")?,
            chinese: cjk_family(" SC")?,
        })
    }

    /// The Latin family.
    pub(crate) fn latin(&self) -> &Family {
        &self.latin
    }

    /// The CJK family for a reader of `locale`: Simplified Chinese forms for
    /// Chinese readers, Japanese ones otherwise.
    pub(crate) fn cjk(&self, locale: Locale) -> &Family {
        match locale {
            Locale::Zh => &self.chinese,
            _ => &self.japanese,
        }
    }
}

fn read(path: &Path) -> Result<Arc<Vec<u8>>, Error> {
    std::fs::read(path)
        .map(Arc::new)
        .map_err(|source| Error::FontUnreadable {
            path: path.to_owned(),
            source,
        })
}

/// The face of a collection whose family name ends with `suffix` (" JP"),
/// or the first one.
fn face_index(data: &[u8], suffix: &str) -> u32 {
    let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
    (0..count)
        .find(|&index| {
            ttf_parser::Face::parse(data, index).is_ok_and(|face| {
                face.names().into_iter().any(|name| {
                    name.name_id == ttf_parser::name_id::FAMILY
                        && name
                            .to_string()
                            .is_some_and(|family| family.ends_with(suffix))
                })
            })
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_fonts_pick_the_japanese_and_chinese_faces_of_noto_cjk() {
        let fonts = Fonts::system().unwrap();
        assert_eq!(fonts.japanese.regular.index, 0);
        assert_eq!(fonts.chinese.regular.index, 2);
        assert_eq!(fonts.chinese.bold.index, 2);
    }

    #[test]
    fn both_families_cover_every_vietnamese_letter() {
        let fonts = Fonts::system().unwrap();
        let letters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
        let all: String = letters
            .chars()
            .flat_map(|c| [c].into_iter().chain(c.to_uppercase()))
            .chain("₫".chars())
            .collect();
        for face in [
            &fonts.latin.regular,
            &fonts.japanese.regular,
            &fonts.chinese.bold,
        ] {
            let parsed = ttf_parser::Face::parse(&face.data, face.index).unwrap();
            let missing: String = all
                .chars()
                .filter(|&c| parsed.glyph_index(c).is_none())
                .collect();
            assert_eq!(missing, "", "face {} lacks these letters", face.index);
        }
    }

    #[test]
    fn a_missing_cjk_font_names_the_package_to_install() {
        let files = FontFiles {
            cjk: "/nowhere/NotoSansCJK-Regular.ttc".into(),
            ..FontFiles::debian()
        };
        let error = Fonts::installed(files).unwrap_err();
        assert!(
            matches!(
                error,
                Error::FontMissing {
                    package: "fonts-noto-cjk",
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .contains("install the Debian package fonts-noto-cjk")
        );
    }

    #[test]
    fn a_missing_bold_font_lets_the_regular_one_stand_in() {
        let files = FontFiles {
            cjk_bold: Some("/nowhere/NotoSansCJK-Bold.ttc".into()),
            ..FontFiles::debian()
        };
        let fonts = Fonts::installed(files).unwrap();
        assert_eq!(fonts.chinese.bold.index, fonts.chinese.regular.index);
        assert!(Arc::ptr_eq(
            &fonts.chinese.bold.data,
            &fonts.chinese.regular.data
        ));
    }

    #[test]
    fn a_missing_font_file_is_reported_with_its_path() {
        let files = FontFiles {
            latin: "/nowhere/DejaVuSans.ttf".into(),
            ..FontFiles::debian()
        };
        let error = Fonts::from_files(&files).unwrap_err();
        assert!(
            error.to_string().contains("/nowhere/DejaVuSans.ttf"),
            "{error}"
        );
    }
}
