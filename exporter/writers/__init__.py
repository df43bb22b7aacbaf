"""write: laid-out decks → files. Writers never see Markdown and never decide layout."""
