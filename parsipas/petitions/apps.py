from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "parsipas.petitions"
    label = "petitions"
    verbose_name = "Phản ánh, kiến nghị và đối thoại"

    def ready(self) -> None:
        from parsipas.audit.tracking import track
        from parsipas.petitions import menu  # noqa: F401  (menus and home cards)
        from parsipas.petitions.desk import digest_items
        from parsipas.petitions.models import Dialogue, Petition, Proposal
        from parsipas.reporting.reminders import register_source

        register_source(digest_items)
        from parsipas.dossiers.q766.scores import register_petition_counter
        from parsipas.petitions.figures import q766_counts

        register_petition_counter(q766_counts)
        from parsipas.petitions.computed import PetitionSource
        from parsipas.reporting import computed

        computed.register(PetitionSource())
        track(Petition, exclude=("sender_name", "sender_phone", "sender_email", "client_hash"))
        track(Dialogue)
        track(Proposal)
