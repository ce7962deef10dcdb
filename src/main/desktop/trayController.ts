// The Electron tray, driven entirely by trayModel: update() redraws icon, tooltip and menu from state.
import { Menu, Tray, type MenuItemConstructorOptions } from 'electron'
import { trayIconState, trayMenuModel, trayTooltip, type TrayAction, type TrayState } from './trayModel'
import { trayImage } from './trayIcons'

export interface TrayController {
  update(state: TrayState): void
  destroy(): void
}

/** null when this desktop has no tray (some Linux sessions): the caller then keeps the window as the way back. */
export function createTrayController(opts: {
  initial: TrayState
  onAction: (action: TrayAction) => void
  onClick: () => void
  onError: (err: unknown) => void
}): TrayController | null {
  let tray: Tray
  try {
    tray = new Tray(trayImage(trayIconState(opts.initial)))
  } catch (err) {
    opts.onError(err)
    return null
  }
  // On Windows and most Linux trays a left click should open the dashboard; macOS shows the menu.
  if (process.platform !== 'darwin') tray.on('click', opts.onClick)

  const update = (state: TrayState): void => {
    tray.setImage(trayImage(trayIconState(state)))
    tray.setToolTip(trayTooltip(state))
    const template: MenuItemConstructorOptions[] = trayMenuModel(state).map((item) => {
      switch (item.kind) {
        case 'separator':
          return { type: 'separator' }
        case 'info':
          return { label: item.label, enabled: false }
        case 'item':
          return { id: item.id, label: item.label, enabled: item.enabled, click: () => opts.onAction(item.id) }
      }
    })
    tray.setContextMenu(Menu.buildFromTemplate(template))
  }
  update(opts.initial)
  return {
    update,
    destroy: () => tray.destroy()
  }
}
