from django.urls import path

from parsipas.registers.views import common, home, initiatives, inspections, procedures, tasks

urlpatterns = [
    path("", home.home, name="registers_home"),
    path("kiem-tra/", inspections.inspection_list, name="registers_inspections"),
    path("kiem-tra/ke-hoach/", inspections.plan, name="registers_plan"),
    path("kiem-tra/moi/", inspections.inspection_new, name="registers_inspection_new"),
    path("kiem-tra/<int:pk>/", inspections.inspection_detail, name="registers_inspection"),
    path("kiem-tra/van-de/", inspections.finding_list, name="registers_findings"),
    path("sang-kien/", initiatives.initiative_list, name="registers_initiatives"),
    path("sang-kien/moi/", initiatives.initiative_edit, name="registers_initiative_new"),
    path("sang-kien/<int:pk>/", initiatives.initiative_edit, name="registers_initiative"),
    path("nhiem-vu/", tasks.task_list, name="registers_tasks"),
    path("nhiem-vu/moi/", tasks.task_edit, name="registers_task_new"),
    path("nhiem-vu/nhap/", tasks.task_import, name="registers_task_import"),
    path("nhiem-vu/<int:pk>/", tasks.task_edit, name="registers_task"),
    path("lien-thong/", procedures.procedure_list, name="registers_procedures"),
    path("lien-thong/moi/", procedures.procedure_edit, name="registers_procedure_new"),
    path("lien-thong/<int:pk>/", procedures.procedure_edit, name="registers_procedure"),
    path("tep/<int:pk>/", common.file_download, name="registers_file"),
]
