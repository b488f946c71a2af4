//! What the store holds: units, aliases, and how an address resolves among them at a date.

pub mod alias;
pub mod unit;
