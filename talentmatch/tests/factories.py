import factory

from talentmatch.models import Company, User, UserRole


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"ESN {n}")
    city = "Lyon"
    country = "France"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    role = UserRole.RECRUITER
    company = factory.SubFactory(CompanyFactory)
    password = factory.django.Password("correct-horse-battery")
