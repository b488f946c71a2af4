//! Reading texts: the cut, the citation finder, human input to addresses, amending laws read into
//! instructions, and units rendered back to the text the cut reads.

pub mod amending_law;
pub mod citations;
pub mod cut;
pub mod normalize;
pub mod render;
pub mod sample;
pub mod vocabulary_fit;
