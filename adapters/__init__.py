"""Platform adapters: each turns platform events into ``bot.Inbound`` and renders ``bot.Outbound``."""
