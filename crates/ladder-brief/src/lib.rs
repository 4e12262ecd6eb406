//! Briefings: renders assessments, replays and evidence as Markdown and self-contained HTML with SVG charts.
