//! Analysts: the people who use the web workspace (`/ui/`), kept in the same file as the
//! TAXII partners under `[[users]]`, each with an Argon2id password hash, a role (read,
//! write, admin) and a TLP clearance. Partners and analysts are apart: a partner's
//! credentials never open the workspace, an analyst's never open TAXII.
//!
//! `ladder user add/remove/passwd` edit the file through [`edit_users`]: the file is
//! parsed as TOML, changed, checked as a whole partners file and written atomically.
//! (Comments in the file are not kept by such an edit.)

use crate::partners::{hash_secret, PartnersFile};
use crate::{Result, ShareError};
use ladder_core::Tlp;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What an analyst may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Read pages and search.
    Read,
    /// Also correct events.
    Write,
    /// Also everything an admin page offers (exports of corrections).
    Admin,
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Role, String> {
        match s.to_ascii_lowercase().as_str() {
            "read" => Ok(Role::Read),
            "write" => Ok(Role::Write),
            "admin" => Ok(Role::Admin),
            _ => Err(format!("unknown role {s:?} (read, write or admin)")),
        }
    }
}

/// One analyst.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Analyst {
    pub name: String,
    /// Argon2id PHC string of the password.
    pub password_hash: String,
    pub role: Role,
    /// The most restrictive TLP the analyst may read (default AMBER+STRICT: no RED).
    #[serde(default = "default_clearance")]
    pub clearance: Tlp,
}

fn default_clearance() -> Tlp {
    Tlp::AmberStrict
}

impl Analyst {
    /// Whether the analyst may read something marked `tlp`.
    pub fn may_read(&self, tlp: Tlp) -> bool {
        tlp <= self.clearance
    }
    pub fn may_write(&self) -> bool {
        self.role >= Role::Write
    }
}

/// Whether a user name is acceptable: 1–64 ASCII letters, digits, `.`, `_`, `-`.
pub fn is_valid_user_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// A change to the users of a partners file.
#[derive(Debug, Clone)]
pub enum UserEdit {
    Add {
        name: String,
        password: String,
        role: Role,
        clearance: Tlp,
    },
    Remove {
        name: String,
    },
    Password {
        name: String,
        password: String,
    },
}

/// Apply `edit` to the partners file at `path` (created when missing, for `Add`).
pub fn edit_users(path: &Path, edit: &UserEdit) -> Result<()> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(ShareError::Partners(format!("{}: {e}", path.display()))),
    };
    let new_text = edited(&text, edit)?;
    PartnersFile::parse(&new_text)
        .map_err(|e| ShareError::Partners(format!("{}: {e}", path.display())))?;
    let temp = path.with_extension("toml.part");
    std::fs::write(&temp, new_text)?;
    std::fs::rename(&temp, path)?;
    Ok(())
}

/// The file's text with `edit` applied.
fn edited(text: &str, edit: &UserEdit) -> Result<String> {
    let bad = |m: String| ShareError::Partners(m);
    let mut table: toml::Table = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
    let mut users: Vec<Analyst> = match table.remove("users") {
        Some(value) => value.try_into().map_err(|e| bad(format!("users: {e}")))?,
        None => Vec::new(),
    };
    let position = |users: &[Analyst], name: &str| users.iter().position(|u| u.name == name);
    match edit {
        UserEdit::Add {
            name,
            password,
            role,
            clearance,
        } => {
            if !is_valid_user_name(name) {
                return Err(bad(format!(
                    "user name {name:?}: use letters, digits, '.', '_', '-'"
                )));
            }
            if position(&users, name).is_some() {
                return Err(bad(format!(
                    "user {name} exists (use `ladder user passwd`)"
                )));
            }
            users.push(Analyst {
                name: name.clone(),
                password_hash: hash_secret(password)?,
                role: *role,
                clearance: *clearance,
            });
        }
        UserEdit::Remove { name } => {
            let i = position(&users, name).ok_or_else(|| bad(format!("no user {name}")))?;
            users.remove(i);
        }
        UserEdit::Password { name, password } => {
            let i = position(&users, name).ok_or_else(|| bad(format!("no user {name}")))?;
            users[i].password_hash = hash_secret(password)?;
        }
    }
    if !users.is_empty() {
        let value = toml::Value::try_from(&users).map_err(|e| bad(e.to_string()))?;
        table.insert("users".into(), value);
    }
    toml::to_string(&table).map_err(|e| bad(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partners::verify_secret;

    #[test]
    fn users_are_added_changed_and_removed_and_partners_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("partners.toml");
        std::fs::write(&path, include_str!("../../../data/partners.example.toml")).unwrap();
        let add = |name: &str, role| UserEdit::Add {
            name: name.into(),
            password: "correct horse".into(),
            role,
            clearance: Tlp::Amber,
        };
        edit_users(&path, &add("dee", Role::Write)).unwrap();
        edit_users(&path, &add("bo", Role::Read)).unwrap();
        assert!(
            edit_users(&path, &add("dee", Role::Read)).is_err(),
            "no duplicates"
        );
        assert!(edit_users(&path, &add("a b", Role::Read)).is_err());
        let file = PartnersFile::load(&path).unwrap();
        assert_eq!(file.users.len(), 3, "the example's analyst and two more");
        assert!(!file.partners.is_empty(), "partners are kept");
        let dee = |f: &PartnersFile| f.users.iter().find(|u| u.name == "dee").cloned().unwrap();
        assert!(verify_secret("correct horse", &dee(&file).password_hash));
        edit_users(
            &path,
            &UserEdit::Password {
                name: "dee".into(),
                password: "new one".into(),
            },
        )
        .unwrap();
        edit_users(&path, &UserEdit::Remove { name: "bo".into() }).unwrap();
        assert!(edit_users(&path, &UserEdit::Remove { name: "bo".into() }).is_err());
        let file = PartnersFile::load(&path).unwrap();
        assert_eq!(file.users.len(), 2);
        assert!(verify_secret("new one", &dee(&file).password_hash));
        assert!(dee(&file).may_write());
        assert!(!dee(&file).may_read(Tlp::Red));
        assert!(dee(&file).may_read(Tlp::Amber));
    }
}
