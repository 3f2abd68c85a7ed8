"""The dialogues app's views, split by topic: the portal's frame (front page and
search) in `frame`, contract-holder dialogues in `dialogues`."""
