//! Reading texts: the cut, the citation finder, human input to addresses, amending laws read into
//! instructions, and units rendered back to the text the cut reads.

#[cfg(feature = "server")]
pub mod amending_law;
pub mod citations;
#[cfg(feature = "server")]
pub mod cut;
pub mod normalize;
#[cfg(feature = "server")]
pub mod render;
#[cfg(feature = "server")]
pub mod sample;
#[cfg(feature = "server")]
pub mod vocabulary_fit;
